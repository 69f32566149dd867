#ifndef TOLLGATE_CGIT2_SHIM_H
#define TOLLGATE_CGIT2_SHIM_H

// libgit2, as Tollgate's source adapter uses it: tags, tag objects, trees and blobs of local repositories.
#include <git2.h>

#endif
