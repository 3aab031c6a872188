@0xa0329993c35146f7;
# Annotations read by tools/capnpc-c, the C code generator. The generator
# recognises them by name, so their ids appear nowhere else.

annotation errTable (enum) :Text;
# Generate build/gen/capos/<value>.h from this enum: `typedef enum <value>
# {...} <value>_t` with <VALUE>_<ENUMERANT> = -ordinal (so the first
# enumerant is 0, success), plus capos_strerror() and capos_errname().

annotation errMessage (enumerant) :Text;
# The message capos_strerror() gives for this error. Required in an errTable.
