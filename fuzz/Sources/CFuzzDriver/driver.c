// Empty: the header declares a function that -sanitize=fuzzer links in.
#include "CFuzzDriver.h"
