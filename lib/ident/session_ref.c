/* Session references; the derivation is described in session_ref.h. */
#include "lib/ident/session_ref.h"

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

void session_ref_message(uint8_t msg[SESSION_REF_MSG_BYTES], uint64_t scope_id,
			 const uint8_t id[SESSION_ID_BYTES])
{
	put_le64(msg, scope_id);
	for (uint32_t i = 0; i < SESSION_ID_BYTES; i++)
		msg[8 + i] = id[i];
}

void session_ref_derive(session_hmac_fn hmac,
			const uint8_t key[SESSION_REF_KEY_BYTES],
			uint64_t scope_id, const uint8_t id[SESSION_ID_BYTES],
			uint64_t ref[2])
{
	uint8_t msg[SESSION_REF_MSG_BYTES], mac[32];
	session_ref_message(msg, scope_id, id);
	hmac(mac, msg, sizeof(msg), key);
	/* the ABI carries 128 bits: the MAC's first half */
	ref[0] = get_le64(mac);
	ref[1] = get_le64(mac + 8);
}
