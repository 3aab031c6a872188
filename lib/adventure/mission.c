/* The mission: beats done strictly in order. An action is matched
 * against every beat (same action, same target, done in the beat's
 * room); the first match decides: the next beat is done, a later one is
 * refused as out of order (nothing changes), a done one is history.
 * Refusing rather than ignoring is what makes a skipped beat visible:
 * the run stops there and the mission can never be reported complete. */
#include "lib/adventure/rules.h"

static bool beat_matches(const struct adv_beat *b, uint8_t action,
			 int target_ix, struct adv_text target)
{
	if (b->action != action)
		return false;
	if (action == Action_seal)
		return adv_text_eq(b->target, target);
	return b->target_ix == target_ix;
}

enum adv_beat_state adv_beat_of(const struct adv_world *w,
				const struct adv_player *p, uint8_t action,
				int target_ix, struct adv_text target,
				int *beat)
{
	for (int i = 0; i < w->nbeats; i++) {
		const struct adv_beat *b = &w->beats[i];
		if (b->room != p->room ||
		    !beat_matches(b, action, target_ix, target))
			continue;
		*beat = i;
		if (i < p->beats)
			return ADV_BEAT_DONE;
		return i == p->beats ? ADV_BEAT_NEXT : ADV_BEAT_LATER;
	}
	*beat = ADV_NONE;
	return ADV_BEAT_NONE;
}

bool adv_refuse_later(const struct adv_world *w, const struct adv_player *p,
		      int beat, struct adv_result *r)
{
	const struct adv_beat *next = &w->beats[p->beats];
	adv_refuse(r, Refusal_outOfOrder, "Not yet: \"%.*s\" must come "
		   "before \"%.*s\".\n", (int)next->title.len, next->title.s,
		   (int)w->beats[beat].title.len, w->beats[beat].title.s);
	return true;
}

bool adv_mission_complete(const struct adv_world *w,
			  const struct adv_player *p)
{
	return p->beats >= w->nbeats;
}

void adv_beat_done(const struct adv_world *w, struct adv_player *p,
		   struct adv_result *r)
{
	const struct adv_beat *b = &w->beats[p->beats];
	p->beats++;
	if (b->reward != ADV_NONE)
		adv_give(w, p, b->reward, r);
	adv_say(r, "[mission %u/%u] %.*s: done.\n", p->beats, w->nbeats,
		(int)b->title.len, b->title.s);
	if (adv_mission_complete(w, p))
		adv_say(r, "%.*s\n", (int)w->completion.len, w->completion.s);
}
