/* Reading a Blob (read-only boot-module bytes a manifest grants, such as
 * a resident service's compiled content) whole. */
#ifndef CAPOS_USER_RT_BLOB_H
#define CAPOS_USER_RT_BLOB_H
#include <stddef.h>
#include <stdint.h>
#include "lib/ring/ring.h"

#define RT_BLOB_CHUNK 16384u	/* bytes per Blob.read */

/* The whole blob into buf: its length, or a negative err_t (ERR_TOO_LARGE
 * if it is empty or bigger than cap, ERR_INVALID if the server's answers
 * do not add up, or the failed call's status). */
int64_t rt_blob_read_all(cap_handle_t blob, void *buf, size_t cap);

#endif
