/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bare struct ilnp_net for KUnit cases: counters, ILCC, session views
 * and budgets, no netns, no hooks (testnet.c).
 */
#ifndef _ILNP_TESTS_TESTNET_H
#define _ILNP_TESTS_TESTNET_H

#include "netns.h"

struct ilnp_net *ilnp_test_net_alloc(void);
void ilnp_test_net_free(struct ilnp_net *in);
u64 ilnp_test_stat(struct ilnp_net *in, enum ilnp_stat s);

#endif /* _ILNP_TESTS_TESTNET_H */
