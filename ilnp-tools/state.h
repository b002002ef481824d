/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ilnp state: the file "export" writes and "import" and "show" read (the
 * attribute payload of ILNP_CMD_STATE_SET; see state.c).
 */
#ifndef ILNP_STATE_H
#define ILNP_STATE_H

#include <stddef.h>

#include <netlink/attr.h>
#include <linux/ilnp.h>

/* A STATE_PEERS nest (at most 64 KiB, its length is 16 bits) and the rest. */
#define ILNP_STATE_FILE_MAX	(65536 + 128)

struct state_buf {
	char *data;
	size_t len;
	size_t alloc;
};

/*
 * Checks the framing of a state file: attributes that fit exactly, only
 * those of a STATE_SET, each once and of its size, the required ones
 * present.  Fills tb (ILNP_A_MAX + 1 entries); on error returns -1 with a
 * message in err.
 */
int state_file_parse(const void *data, size_t len, struct nlattr **tb,
		     char *err, size_t errlen);

#endif /* ILNP_STATE_H */
