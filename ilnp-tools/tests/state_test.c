// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of the framing checks of a state file (what "ilnp state
 * import" refuses before it sends anything).  No kernel needed.  Prints TAP.
 */
#include <string.h>

#include "ilnp.h"
#include "state.h"
#include "tap.h"

struct ilnp_opts ilnp_opts;

static unsigned char file[1024];
static size_t flen;

static void put(int type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(file + flen, &a, sizeof(a));
	memcpy(file + flen + NLA_HDRLEN, data, len);
	memset(file + flen + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	flen += NLA_HDRLEN + NLA_ALIGN(len);
}

static void put_u32(int type, uint32_t v) { put(type, &v, sizeof(v)); }
static void put_u64(int type, uint64_t v) { put(type, &v, sizeof(v)); }

/* VERSION, NID, NID_BORN, FLAGS and an empty STATE_PEERS. */
static void good(void)
{
	flen = 0;
	put_u32(ILNP_A_STATE_VERSION, ILNP_STATE_VERSION);
	put_u64(ILNP_A_NID, 0x120);
	put_u64(ILNP_A_NID_BORN, ID(0xfd00, 0xb, 0, 1));
	put_u32(ILNP_A_FLAGS, ILNP_NID_F_HOSTED);
	put(ILNP_A_STATE_PEERS, NULL, 0);
}

static int parse(size_t len, const char *want, const char *desc)
{
	struct nlattr *tb[ILNP_A_MAX + 1];
	char err[160] = "";
	int ret = state_file_parse(file, len, tb, err, sizeof(err));

	if (!want)
		ok(ret == 0 && tb[ILNP_A_NID] && tb[ILNP_A_STATE_PEERS],
		   "%s: accepted", desc);
	else
		ok(ret < 0 && strstr(err, want), "%s: refused (\"%s\")", desc,
		   err);
	return ret;
}

int main(void)
{
	static unsigned char big[ILNP_STATE_FILE_MAX + 8];
	struct nlattr *tb[ILNP_A_MAX + 1];
	char err[160];
	size_t n;

	good();
	parse(flen, NULL, "a well-formed file");
	n = flen;
	parse(0, "empty", "an empty file");
	parse(n - 2, "truncated", "a file cut inside its last attribute");
	parse(n - 8 - NLA_HDRLEN, "truncated", "a file cut between attributes");
	parse(3, "truncated", "three bytes");
	flen = 0;
	put_u32(ILNP_A_STATE_VERSION, ILNP_STATE_VERSION);
	put_u64(ILNP_A_NID, 0x120);
	parse(flen, "truncated", "a file with only a version and a NID");
	good();
	put_u64(ILNP_A_NID, 0x121);
	parse(flen, "given twice", "a NID twice");
	good();
	put_u32(ILNP_A_LOC, 1);
	parse(flen, "not a state file", "an attribute a STATE_SET does not take");
	good();
	((struct nlattr *)file)->nla_len = NLA_HDRLEN + 2;
	parse(flen, "", "a version of 2 bytes");
	memset(file, 0xa5, 64);
	parse(64, "", "garbage");
	memset(big, 0, sizeof(big));
	ok(state_file_parse(big, sizeof(big), tb, err, sizeof(err)) < 0 &&
	   strstr(err, "oversized"), "a file over %d bytes: refused (\"%s\")",
	   ILNP_STATE_FILE_MAX, err);
	return tap_done();
}
