/* The NPC reads the same world as the server (read-only: who it is,
 * where it stands, what it says), with the server's loader. */
#include "user/adventure-server/content.c"
