// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp_kunit.ko: every KUnit suite of the module, run when it is loaded.
 * The functions under test are exported to the ILNP_KUNIT namespace by
 * ilnp.ko on kernels built with CONFIG_KUNIT (see ILNP_EXPORT_FOR_KUNIT).
 */
#include <kunit/test.h>

#include "suites.h"

kunit_test_suites(&ilnp_locset_test_suite, &ilnp_ilcc_test_suite,
		  &ilnp_nonce_test_suite, &ilnp_lu_test_suite,
		  &ilnp_csum_test_suite, &ilnp_flow_test_suite,
		  &ilnp_update_test_suite, &ilnp_map_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for ilnp.ko");
MODULE_IMPORT_NS(ILNP_KUNIT);
