/* Physical frames. Frame 0 is never handed out, so 0 means "none". */
#ifndef CAPOS_MM_FRAME_H
#define CAPOS_MM_FRAME_H
#include <stddef.h>
#include <stdint.h>

struct boot_info;

void frame_init(const struct boot_info *bi);
uint64_t frame_alloc(unsigned order);		/* 2^order contiguous frames */
uint64_t frame_alloc_zeroed(unsigned order);
void frame_free(uint64_t pa, unsigned order);
size_t frame_free_count(void);
size_t frame_total_count(void);

#endif
