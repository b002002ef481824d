// SPDX-License-Identifier: GPL-2.0
/*
 * Print the host's TSC frequency in kHz.  A TCG guest's TSC is the host's
 * (QEMU adds the host's ticks), but the guest cannot measure it: its PIT
 * calibration fails under TCG and the test kernel has no HPET or ACPI PM
 * timer, so it would keep time by jiffies, whose rate follows a local APIC
 * timer calibrated as badly (seen: a guest clock 15 times too fast on a
 * loaded host, every timeout cut short).  run-qemu.sh passes this value as
 * tsc_early_khz.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(void)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	double t0, t1;
	uint64_t c0, c1;

	t0 = now();
	c0 = rdtsc();
	nanosleep(&pause, NULL);
	c1 = rdtsc();
	t1 = now();
	printf("%.0f\n", (double)(c1 - c0) / (t1 - t0) / 1000);
	return 0;
}
