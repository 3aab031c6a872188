/* Typed Adventure calls (see calls.h). Every method's results carry the
 * Report in pointer slot 0 (schema/adventure.capnp), so one decoder
 * reads them all; inventory() also keeps its sections for
 * advc_section_has(). */
#include <string.h>
#include "lib/fmt/fmt.h"
#include "user/adventure-client/calls.h"

static uint8_t params[4096];
static uint8_t results[ADVC_TEXT + 4096];
static uint8_t last_inventory[sizeof results];

#define S(x) (x), strlen(x)

static int prep_plain(struct capn_call *c, const char *v)
{
	static const struct { const char *verb; uint16_t m; } plain[] = {
		{ "start", Adventure_start_METHOD },
		{ "resume", Adventure_resume_METHOD },
		{ "look", Adventure_look_METHOD },
		{ "inventory", Adventure_inventory_METHOD },
		{ "status", Adventure_status_METHOD },
		{ "guard", Adventure_guard_METHOD },
		{ "rest", Adventure_rest_METHOD },
		{ "evacuate", Adventure_evacuate_METHOD },
		{ "leave", Adventure_leave_METHOD },
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		if (strcmp(v, plain[i].verb))
			continue;
		// No parameters: an empty struct of the right method.
		struct capn_builder b;
		capn_build_init(&b, params, sizeof params);
		capn_b_root(&b, 0, 0);
		capn_call_init(c, Adventure_IFACE_ID, plain[i].m);
		return capn_call_seal(c, &b);
	}
	return ERR_INVALID;
}

static int prep(struct capn_call *c, const char *v, const char *a,
		const char *b, const char *z)
{
	size_t n = sizeof params;
	if (!strcmp(v, "go"))
		return Adventure_go_prepare(c, params, n, S(a));
	if (!strcmp(v, "take"))
		return Adventure_take_prepare(c, params, n, S(a));
	if (!strcmp(v, "ask"))
		return Adventure_ask_prepare(c, params, n, S(a));
	if (!strcmp(v, "seal"))
		return Adventure_seal_prepare(c, params, n, S(a));
	if (!strcmp(v, "attack"))
		return Adventure_attack_prepare(c, params, n, S(a), S(b));
	if (!strcmp(v, "use"))
		return Adventure_useSkill_prepare(c, params, n, S(a), S(b),
						  S(z));
	if (!strcmp(v, "cast"))
		return Adventure_cast_prepare(c, params, n, S(a), S(b), S(z));
	return prep_plain(c, v);
}

static void copy_text(char *dst, size_t cap, struct capn_text t)
{
	size_t n = t.len < cap - 1 ? t.len : cap - 1;
	memcpy(dst, t.str, n);
	dst[n] = '\0';
}

static void report_read(Report_r r, struct advc_report *o)
{
	Combat_r c = Report_get_combat(r);
	o->ok = Report_get_ok(r);
	o->refusal = Report_get_refusal(r);
	o->health = Report_get_health(r);
	o->fatigue = Report_get_fatigue(r);
	o->downed = Report_get_downed(r);
	o->beats = Report_get_beatsDone(r);
	o->total = Report_get_beatsTotal(r);
	o->complete = Report_get_complete(r);
	copy_text(o->room, sizeof o->room, Report_get_room(r));
	copy_text(o->text, sizeof o->text, Report_get_text(r));
	o->fought = Combat_get_fought(c);
	o->defeated = Combat_get_defeated(c);
	o->dealt = Combat_get_dealt(c);
	o->taken = Combat_get_taken(c);
	o->foe_health = Combat_get_foeHealth(c);
}

int32_t advc_call(cap_handle_t adv, const char *verb, const char *a,
		  const char *b, const char *z, struct advc_report *out,
		  char *err, size_t errcap)
{
	struct capn_call c;
	struct capn_msg m;
	struct capn_struct_r root;
	memset(out, 0, sizeof(*out));
	if (prep(&c, verb, a ? a : "", b ? b : "", z ? z : ""))
		return ERR_INVALID;
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(adv, &c);
	int e = capn_call_results(&m, &c, st, &root);
	Report_r r = { capn_r_struct(&root, 0) };
	if (!e)
		e = Report_validate(r);
	if (e) {
		char buf[160];
		st = st < 0 ? st : ERR_INVALID;
		fmt_snprintf(err, errcap, "%s",
			     rt_call_error(&c, st, buf, sizeof buf));
		return st;
	}
	report_read(r, out);
	if (!strcmp(verb, "inventory"))
		memcpy(last_inventory, results, sizeof results);
	return 0;
}

bool advc_section_has(Section s, const char *id)
{
	struct capn_msg m;
	capn_msg_init(&m, last_inventory, sizeof last_inventory);
	Adventure_inventory_Results_r r = { capn_msg_root(&m) };
	SectionList_list_r l = Adventure_inventory_Results_get_sections(r);
	for (uint32_t i = 0; i < SectionList_list_len(l); i++) {
		SectionList_r e = SectionList_list_get(l, i);
		struct capn_list_r names = SectionList_get_names(e);
		if (SectionList_get_section(e) != s)
			continue;
		for (uint32_t k = 0; k < capn_list_len(&names); k++)
			if (capn_text_eq(capn_list_text(&names, k), id))
				return true;
	}
	return false;
}

int32_t advc_welcome(cap_handle_t adv, bool *saved, char *title,
		     size_t tcap, char *intro, size_t icap)
{
	struct capn_call c;
	struct capn_msg m;
	Adventure_welcome_Results_r r;
	Adventure_welcome_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(adv, &c);
	if (Adventure_welcome_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INVALID;
	*saved = Adventure_welcome_Results_get_saved(r);
	copy_text(title, tcap, Adventure_welcome_Results_get_title(r));
	copy_text(intro, icap, Adventure_welcome_Results_get_intro(r));
	return 0;
}

int32_t advc_channel(cap_handle_t adv, char *out, size_t cap)
{
	struct capn_call c;
	struct capn_msg m;
	Adventure_roomChannel_Results_r r;
	Adventure_roomChannel_prepare(&c, params, sizeof params);
	capn_call_set_results(&c, results, sizeof results);
	int32_t st = rt_call(adv, &c);
	if (Adventure_roomChannel_results(&m, &c, st, &r))
		return st < 0 ? st : ERR_INVALID;
	copy_text(out, cap, Adventure_roomChannel_Results_get_channel(r));
	return 0;
}
