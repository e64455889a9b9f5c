// Debian builds libxml2 with ICU; its ICU headers clash with the copy inside Foundation.
// The reader API never touches the ICU members, so the ICU includes are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
