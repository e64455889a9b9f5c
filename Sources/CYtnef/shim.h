#include <stdio.h>
#include <ytnef.h>
