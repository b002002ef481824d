/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host-side unit tests share: one TAP line per check.
 */
#ifndef ILNP_TESTS_TAP_H
#define ILNP_TESTS_TAP_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int ntests, nfailed;

static void __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	nfailed += !cond;
}

/* Prints the plan; the exit status of main(). */
static int tap_done(void)
{
	printf("1..%d\n", ntests);
	return nfailed ? 1 : 0;
}

/* A NID or L64 from its four groups. */
#define ID(a, b, c, d) \
	((uint64_t)(a) << 48 | (uint64_t)(b) << 32 | (uint64_t)(c) << 16 | (d))

#endif /* ILNP_TESTS_TAP_H */
