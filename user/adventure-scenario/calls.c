/* The scenario speaks the same typed calls as the interactive client. */
#include "user/adventure-client/calls.c"
