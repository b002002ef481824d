/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit suites of ilnp.ko.  They all live in one test module (ilnp_kunit.ko);
 * main_kunit.c registers them with kunit_test_suites().
 */
#ifndef _ILNP_TESTS_SUITES_H
#define _ILNP_TESTS_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite ilnp_locset_test_suite;	/* ilcc_kunit.c */
extern struct kunit_suite ilnp_ilcc_test_suite;		/* ilcc_kunit.c */
extern struct kunit_suite ilnp_nonce_test_suite;
extern struct kunit_suite ilnp_lu_test_suite;
extern struct kunit_suite ilnp_csum_test_suite;
extern struct kunit_suite ilnp_flow_test_suite;
extern struct kunit_suite ilnp_update_test_suite;
extern struct kunit_suite ilnp_map_test_suite;

#endif /* _ILNP_TESTS_SUITES_H */
