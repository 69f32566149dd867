#ifndef TOLLGATE_CARCHIVE_SHIM_H
#define TOLLGATE_CARCHIVE_SHIM_H

// libarchive, as Tollgate reads release tarballs: streamed, never extracted.
#include <archive.h>
#include <archive_entry.h>

// The file-type macros carry casts Swift does not import.
static inline int tg_archive_entry_is_file(struct archive_entry *e) { return archive_entry_filetype(e) == AE_IFREG; }
static inline int tg_archive_entry_is_directory(struct archive_entry *e) { return archive_entry_filetype(e) == AE_IFDIR; }
static inline int tg_archive_entry_is_symlink(struct archive_entry *e) { return archive_entry_filetype(e) == AE_IFLNK; }

#endif
