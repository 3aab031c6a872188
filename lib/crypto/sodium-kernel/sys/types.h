/* Stand-in for <sys/types.h> when libsodium is compiled for the kernel:
 * the files it builds include it but use only <stdint.h> types. */
