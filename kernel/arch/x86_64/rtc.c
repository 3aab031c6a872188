/* CMOS real-time clock, read once at boot for the wall clock. The RTC may
 * be mid-update while we read, so we wait for the update flag to clear and
 * read until two consecutive snapshots agree (bounded). Fields may be BCD
 * and the hour 12-hour with a PM bit; status register B says which. */
#include "kernel/arch/x86_64/cpu.h"
#include "kernel/arch/arch.h"
#include "lib/util/civtime.h"

#define CMOS_ADDR 0x70
#define CMOS_DATA 0x71
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B
#define STATUS_A_UIP 0x80
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04

struct rtc_raw {
	uint8_t sec, min, hour, day, mon, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_ADDR, 0x80 | reg);	/* keep NMIs disabled while selected */
	return inb(CMOS_DATA);
}

static struct rtc_raw rtc_snapshot(void)
{
	for (int i = 0; i < 100000 && (cmos_read(RTC_STATUS_A) & STATUS_A_UIP); i++)
		cpu_pause();
	return (struct rtc_raw){ cmos_read(0x00), cmos_read(0x02),
				 cmos_read(0x04), cmos_read(0x07),
				 cmos_read(0x08), cmos_read(0x09),
				 cmos_read(0x32) };
}

static uint8_t rtc_field(uint8_t v, uint8_t status_b)
{
	return (status_b & STATUS_B_BINARY) ? v : bcd_decode(v);
}

static uint8_t rtc_hour(uint8_t raw, uint8_t b)
{
	bool pm = !(b & STATUS_B_24H) && (raw & 0x80);
	uint8_t h = rtc_field(raw & 0x7F, b);
	if (!(b & STATUS_B_24H))
		h = (uint8_t)(h % 12 + (pm ? 12 : 0));
	return h;
}

bool arch_rtc_read(struct civil_time *out)
{
	struct rtc_raw a = rtc_snapshot(), b;
	for (int i = 0; i < 10; i++, a = b) {
		b = rtc_snapshot();
		if (__builtin_memcmp(&a, &b, sizeof(a)) == 0)
			break;
	}
	uint8_t sb = cmos_read(RTC_STATUS_B);
	uint8_t century = a.century ? rtc_field(a.century, sb) : 20;
	*out = (struct civil_time){
		.year = century * 100 + rtc_field(a.year, sb),
		.month = rtc_field(a.mon, sb), .day = rtc_field(a.day, sb),
		.hour = rtc_hour(a.hour, sb), .minute = rtc_field(a.min, sb),
		.second = rtc_field(a.sec, sb),
	};
	return civil_valid(out);
}
