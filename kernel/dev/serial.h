/* Serial input by interrupt: each port's receive interrupt moves bytes
 * into a ring; readers take them from there. */
#ifndef CAPOS_DEV_SERIAL_H
#define CAPOS_DEV_SERIAL_H
#include <stddef.h>
#include <stdint.h>

enum { SERIAL_LOG = 0, SERIAL_TERMINAL = 1, SERIAL_PORTS = 2 };

void serial_input_init(void);
/* Copies up to n received bytes; returns how many (0 if none waiting). */
size_t serial_read(int port, char *buf, size_t n);
void serial_write(int port, const char *s, size_t n);
uint64_t serial_dropped(int port);

#endif
