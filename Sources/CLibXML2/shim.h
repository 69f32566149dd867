#ifndef TOLLGATE_CLIBXML2_SHIM_H
#define TOLLGATE_CLIBXML2_SHIM_H

// libxml2's SAX push parser, for streaming RPM repository metadata.
//
// Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU headers, whose UErrorCode
// clashes with the copy inside Swift's Foundation. Tollgate never touches encoding handlers (only pointers to
// parser contexts cross this boundary), so the ICU part of the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#endif
