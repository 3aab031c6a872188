/* Stand-in for <unistd.h> when libsodium is compiled for the kernel: the
 * code that needs it (utils.c without HAVE_* defines) is compiled out. */
