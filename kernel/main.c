// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp.ko: ILNPv6 end-host support (RFC 6740-6744).
 *
 * Module init and exit.  Each subsystem owns one file; see
 * Documentation/architecture.md for the map.
 */
#include <net/genetlink.h>

#include "ilnp.h"
#include "addrwatch.h"
#include "genl.h"
#include "netns.h"

static int __init ilnp_init(void)
{
	int err;

	err = ilnp_netns_init();
	if (err)
		goto err_netns;
	err = ilnp_genl_init();
	if (err)
		goto err_genl;
	err = ilnp_addrwatch_init();
	if (err)
		goto err_addrwatch;

	pr_info("ilnp: ILNPv6 " ILNP_MODULE_VERSION " loaded\n");
	return 0;

err_addrwatch:
	ilnp_genl_exit();
err_genl:
	ilnp_netns_exit();
err_netns:
	return err;
}

static void __exit ilnp_exit(void)
{
	ilnp_addrwatch_exit();
	ilnp_genl_exit();
	ilnp_netns_exit();
}

module_init(ilnp_init);
module_exit(ilnp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ILNPv6: Identifier-Locator Network Protocol for IPv6");
MODULE_AUTHOR("ILNP for Linux developers");
MODULE_VERSION(ILNP_MODULE_VERSION);
MODULE_ALIAS_GENL_FAMILY(ILNP_GENL_NAME);
