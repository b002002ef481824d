// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of the text and JSON rendering of kernel replies: builds
 * replies as the kernel would, parses them with ilnp_policy and compares
 * the output with what ilnp(8) documents.  No kernel needed.  Prints TAP.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/genl.h>

#include "ilnp.h"
#include "nl.h"
#include "output.h"

struct ilnp_opts ilnp_opts;

static int ntests, nfailed;

#define ID(a, b, c, d) \
	((uint64_t)(a) << 48 | (uint64_t)(b) << 32 | (uint64_t)(c) << 16 | (d))

/* The same columns as the objects use. */
static const struct ilnp_col peer_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("LOCAL", ILNP_A_LOCAL_NID),
	COL("STATE", ILNP_A_PEER_STATE),
	COL("LOCATORS", ILNP_A_PEER_LOCS),
	COL("FLAGS", ILNP_A_PEER_FLAGS),
	COL_STATS("TX", ILNP_A_PEER_STATS, ILNP_PSTAT_TX_PACKETS),
	COL_STATS("SRTT_US", ILNP_A_PEER_STATS, ILNP_PSTAT_SRTT_US),
	COL_STATS("FLOWS", ILNP_A_PEER_STATS, ILNP_PSTAT_FLOWS),
	COL_STATS("NONCE_LOCAL", ILNP_A_NONCE_LOCAL, 0),
};

static const struct ilnp_col loc_cols[] = {
	COL("LOCATOR", ILNP_A_LOC),
	COL("PREF", ILNP_A_PREF),
	COL("LIFETIME", ILNP_A_LIFETIME),
	COL("DEV", ILNP_A_IFINDEX),
};

static const struct ilnp_col stats_cols[] = {
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_TX_REWRITTEN),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_LU_SENT),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_MAP_REWRITTEN),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_RR_VERIFIED),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_RATELIMITED),
};

static const struct ilnp_col info_cols[] = {
	COL(NULL, ILNP_A_VERSION),
	COL(NULL, ILNP_A_NID_COUNT),
	COL(NULL, ILNP_A_PEER_COUNT),
};

static const struct ilnp_col loc_change_cols[] = {
	COL(NULL, ILNP_A_LOC), COL(NULL, ILNP_A_PREF), COL(NULL, ILNP_A_FLAGS),
};

static const struct ilnp_col lu_recv_cols[] = {
	COL(NULL, ILNP_A_NID), COL(NULL, ILNP_A_LOCAL_NID),
	COL(NULL, ILNP_A_PEER_LOCS),
};

static const struct ilnp_col verified_cols[] = {
	COL(NULL, ILNP_A_NID), COL(NULL, ILNP_A_LOCAL_NID),
	COL(NULL, ILNP_A_ADDR), COL(NULL, ILNP_A_FLAGS),
};

static const struct ilnp_col prefix_cols[] = {
	COL("PREFIX", ILNP_A_PREFIX_LEN),
};

static const struct ilnp_col map_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("EXT", ILNP_A_MAP_EXT_LOC),
	COL("INT", ILNP_A_MAP_INT_LOC),
	COL("SEQ", ILNP_A_MAP_SEQ),
	COL_FMT("FLAGS", ILNP_A_FLAGS, ILNP_FMT_MAP_FLAGS),
	COL("AGE", ILNP_A_MAP_AGE_MS),
	COL_STATS("IN", ILNP_A_MAP_STATS, ILNP_MSTAT_IN),
	COL_STATS("OUT", ILNP_A_MAP_STATS, ILNP_MSTAT_OUT),
};

static const struct ilnp_col map_change_cols[] = {
	COL(NULL, ILNP_A_NID), COL(NULL, ILNP_A_MAP_EXT_LOC),
	COL(NULL, ILNP_A_MAP_INT_LOC), COL(NULL, ILNP_A_MAP_SEQ),
	COL_FMT(NULL, ILNP_A_FLAGS, ILNP_FMT_MAP_FLAGS),
};

static const struct ilnp_col map_stats_cols[] = {
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_MAP_REWRITTEN),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_MAP_STALE),
	COL_FLAT(ILNP_A_STATS, ILNP_STAT_MAP_ICMP_XLATED),
};

static const struct ilnp_view peer_view = ILNP_VIEW(ILNP_TABLE, peer_cols);
static const struct ilnp_view prefix_view = ILNP_VIEW(ILNP_TABLE, prefix_cols);
static const struct ilnp_view loc_view = ILNP_VIEW(ILNP_TABLE, loc_cols);
static const struct ilnp_view stats_view = ILNP_VIEW(ILNP_RECORD, stats_cols);
static const struct ilnp_view info_view = ILNP_VIEW(ILNP_RECORD, info_cols);
static const struct ilnp_view loc_change_view =
	ILNP_VIEW(ILNP_LINE, loc_change_cols);
static const struct ilnp_view lu_recv_view = ILNP_VIEW(ILNP_LINE, lu_recv_cols);
static const struct ilnp_view verified_view = ILNP_VIEW(ILNP_LINE, verified_cols);
static const struct ilnp_view map_view = ILNP_VIEW(ILNP_TABLE, map_cols);
static const struct ilnp_view map_change_view =
	ILNP_VIEW(ILNP_LINE, map_change_cols);
static const struct ilnp_view map_stats_view =
	ILNP_VIEW(ILNP_RECORD, map_stats_cols);

static void put_loc(struct nl_msg *m, uint64_t l64, uint16_t pref,
		    uint32_t lifetime)
{
	struct nlattr *e = ilnp_nest_start(m, ILNP_A_LOC_ENTRY);

	ilnp_put_u64(m, ILNP_A_LOC, l64);
	ilnp_put_u16(m, ILNP_A_PREF, pref);
	ilnp_put_u32(m, ILNP_A_LIFETIME, lifetime);
	nla_nest_end(m, e);
}

static struct nl_msg *peer_msg(uint64_t nid, uint8_t state, uint32_t flags,
			       int nlocs)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_PEER_GET, 0);
	struct nlattr *n;

	ilnp_put_u64(m, ILNP_A_NID, nid);
	ilnp_put_u64(m, ILNP_A_LOCAL_NID, 1);
	n = ilnp_nest_start(m, ILNP_A_PEER_LOCS);
	put_loc(m, ID(0x2001, 0xdb8, 2, 0), 10, 0);
	if (nlocs > 1)
		put_loc(m, ID(0x2001, 0xdb8, 3, 0), 20, 600);
	nla_nest_end(m, n);
	ilnp_put(m, ILNP_A_PEER_STATE, 1, &state);
	ilnp_put_u32(m, ILNP_A_PEER_FLAGS, flags);
	n = ilnp_nest_start(m, ILNP_A_PEER_STATS);
	ilnp_put_u64(m, ILNP_PSTAT_TX_PACKETS, 42);
	ilnp_put_u64(m, ILNP_PSTAT_RX_PACKETS, 41);
	ilnp_put_u64(m, ILNP_PSTAT_SRTT_US, 1500);
	ilnp_put_u64(m, ILNP_PSTAT_FLOWS, 2);
	nla_nest_end(m, n);
	ilnp_put(m, ILNP_A_NONCE_LOCAL, 4, "\x01\x02\xab\xcd");
	return m;
}

static struct nl_msg *loc_msg(uint64_t l64, uint16_t pref, uint32_t lifetime,
			      uint32_t ifindex)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_LOC_GET, 0);

	ilnp_put_u64(m, ILNP_A_LOC, l64);
	ilnp_put_u16(m, ILNP_A_PREF, pref);
	ilnp_put_u32(m, ILNP_A_LIFETIME, lifetime);
	ilnp_put_u32(m, ILNP_A_IFINDEX, ifindex);
	return m;
}

static struct nl_msg *prefix_msg(const char *addr, uint8_t len)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_PREFIX_GET, 0);
	struct in6_addr a;

	inet_pton(AF_INET6, addr, &a);
	ilnp_put(m, ILNP_A_ADDR, sizeof(a), &a);
	ilnp_put_u8(m, ILNP_A_PREFIX_LEN, len);
	return m;
}

static struct nl_msg *stats_msg(void)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_STATS_GET, 0);
	struct nlattr *n = ilnp_nest_start(m, ILNP_A_STATS);

	ilnp_put_u64(m, ILNP_STAT_TX_REWRITTEN, 7);
	ilnp_put_u64(m, ILNP_STAT_LU_SENT, 3);
	ilnp_put_u64(m, ILNP_STAT_MAP_REWRITTEN, 0);
	ilnp_put_u64(m, ILNP_STAT_RR_VERIFIED, 4);
	ilnp_put_u64(m, ILNP_STAT_RATELIMITED, 11);
	ilnp_put_u64(m, 200, 9);	/* a counter from a newer module */
	nla_nest_end(m, n);
	return m;
}

static struct nl_msg *info_msg(void)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_GET_INFO, 0);

	ilnp_put(m, ILNP_A_VERSION, 6, "0.1\"x");
	ilnp_put_u32(m, ILNP_A_NID_COUNT, 2);
	ilnp_put_u32(m, ILNP_A_PEER_COUNT, 0);
	return m;
}

static struct nl_msg *loc_change_msg(uint32_t flags)
{
	struct nl_msg *m = ilnp_msg(ILNP_EVT_LOC_CHANGE, 0);

	ilnp_put_u64(m, ILNP_A_LOC, ID(0x2001, 0xdb8, 1, 0));
	ilnp_put_u16(m, ILNP_A_PREF, 5);
	ilnp_put_u32(m, ILNP_A_FLAGS, flags);
	return m;
}

static struct nl_msg *lu_recv_msg(void)
{
	struct nl_msg *m = ilnp_msg(ILNP_EVT_LU_RECV, 0);
	struct nlattr *n;

	ilnp_put_u64(m, ILNP_A_NID, 7);
	ilnp_put_u64(m, ILNP_A_LOCAL_NID, 1);
	n = ilnp_nest_start(m, ILNP_A_PEER_LOCS);
	put_loc(m, ID(0x2001, 0xdb8, 2, 0), 10, 0);
	put_loc(m, ID(0x2001, 0xdb8, 3, 0), 20, 600);
	nla_nest_end(m, n);
	return m;
}

static struct nl_msg *verified_msg(uint32_t flags)
{
	struct nl_msg *m = ilnp_msg(ILNP_EVT_PEER_VERIFIED, 0);
	struct in6_addr a;

	ilnp_put_u64(m, ILNP_A_NID, 0xc);
	ilnp_put_u64(m, ILNP_A_LOCAL_NID, 7);
	inet_pton(AF_INET6, "2001:db8:5::c", &a);
	ilnp_put(m, ILNP_A_ADDR, sizeof(a), &a);
	if (flags)
		ilnp_put_u32(m, ILNP_A_FLAGS, flags);
	return m;
}

/* A map entry as MAP_GET and ILNP_EVT_MAP_CHANGE carry it. */
static struct nl_msg *map_msg(uint8_t cmd, uint64_t nid, uint64_t seq,
			      uint32_t flags, uint64_t age_ms)
{
	struct nl_msg *m = ilnp_msg(cmd, 0);
	struct nlattr *n;

	ilnp_put_u64(m, ILNP_A_NID, nid);
	ilnp_put_u64(m, ILNP_A_MAP_EXT_LOC, ID(0x2001, 0xdb8, 0x100, 0));
	ilnp_put_u64(m, ILNP_A_MAP_INT_LOC, ID(0x2001, 0xdb8, 2, 0xfe));
	ilnp_put_u64(m, ILNP_A_MAP_SEQ, seq);
	ilnp_put_u32(m, ILNP_A_FLAGS, flags);
	ilnp_put_u64(m, ILNP_A_MAP_AGE_MS, age_ms);
	n = ilnp_nest_start(m, ILNP_A_MAP_STATS);
	ilnp_put_u64(m, ILNP_MSTAT_IN, 12);
	ilnp_put_u64(m, ILNP_MSTAT_OUT, 10);
	nla_nest_end(m, n);
	return m;
}

static struct nl_msg *map_stats_msg(void)
{
	struct nl_msg *m = ilnp_msg(ILNP_CMD_STATS_GET, 0);
	struct nlattr *n = ilnp_nest_start(m, ILNP_A_STATS);

	ilnp_put_u64(m, ILNP_STAT_MAP_REWRITTEN, 22);
	ilnp_put_u64(m, ILNP_STAT_MAP_STALE, 1);
	ilnp_put_u64(m, ILNP_STAT_MAP_ICMP_XLATED, 2);
	nla_nest_end(m, n);
	return m;
}

/* Renders msgs (consumed) through view and compares stdout with want. */
static void check(const char *name, const struct ilnp_view *view,
		  bool json, bool pretty, bool stats, const char *want,
		  struct nl_msg **msgs, int n)
{
	struct nlattr *tb[ILNP_A_MAX + 1];
	struct ilnp_out o;
	char got[4096] = "";
	FILE *tmp = tmpfile();
	int saved, i, parsed = 0;
	size_t len;

	ilnp_opts.json = json;
	ilnp_opts.pretty = pretty;
	ilnp_opts.stats = stats;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	out_begin(&o, view);
	for (i = 0; i < n; i++) {
		if (!genlmsg_parse(nlmsg_hdr(msgs[i]), 0, tb, ILNP_A_MAX,
				   ilnp_policy)) {
			parsed++;
			out_row(&o, view, tb, view->layout == ILNP_LINE ?
				"event" : NULL);
		}
		nlmsg_free(msgs[i]);
	}
	out_end(&o, true);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	len = fread(got, 1, sizeof(got) - 1, tmp);
	got[len] = '\0';
	fclose(tmp);

	ntests++;
	if (parsed == n && !strcmp(got, want)) {
		printf("ok %d - %s\n", ntests, name);
		return;
	}
	nfailed++;
	printf("not ok %d - %s\n# parsed %d of %d\n# want:\n%s# got:\n%s",
	       ntests, name, parsed, n, want, got);
}

#define CHECK(name, view, json, pretty, stats, want, ...) do {		\
	struct nl_msg *m[] = { __VA_ARGS__ };				\
	check(name, view, json, pretty, stats, want, m, ARRAY_SIZE(m));	\
} while (0)

int main(void)
{
	CHECK("peer table", &peer_view, false, false, false,
	      "NID       LOCAL    STATE      LOCATORS                         FLAGS\n"
	      "0:0:0:7   0:0:0:1  confirmed  2001:db8:2:0/10,2001:db8:3:0/20  static,verified\n"
	      "0:0:0:1f  0:0:0:1  new        2001:db8:2:0/10                  -\n",
	      peer_msg(7, ILNP_PEER_CONFIRMED,
		       ILNP_PEER_F_STATIC | ILNP_PEER_F_VERIFIED, 2),
	      peer_msg(0x1f, ILNP_PEER_NEW, 0, 1));
	CHECK("peer table with -s", &peer_view, false, false, true,
	      "NID      LOCAL    STATE       LOCATORS         FLAGS                   TX  SRTT_US  FLOWS  NONCE_LOCAL\n"
	      "0:0:0:7  0:0:0:1  lu_pending  2001:db8:2:0/10  static,plain_ipv6,0x80  42  1500     2      0102abcd\n",
	      peer_msg(7, ILNP_PEER_LU_PENDING,
		       ILNP_PEER_F_STATIC | ILNP_PEER_F_PLAIN_IPV6 | 0x80, 1));
	CHECK("peer JSON", &peer_view, true, false, false,
	      "[{\"nid\":\"0:0:0:7\",\"local_nid\":\"0:0:0:1\",\"state\":\"confirmed\",\"locators\":"
	      "[{\"locator\":\"2001:db8:2:0\",\"pref\":10,\"lifetime\":0},"
	      "{\"locator\":\"2001:db8:3:0\",\"pref\":20,\"lifetime\":600}],"
	      "\"flags\":[\"static\",\"verified\",\"responder\"]}]\n",
	      peer_msg(7, ILNP_PEER_CONFIRMED, ILNP_PEER_F_STATIC |
		       ILNP_PEER_F_VERIFIED | ILNP_PEER_F_RESPONDER, 2));
	CHECK("peer JSON with -s", &peer_view, true, false, true,
	      "[{\"nid\":\"0:0:0:7\",\"local_nid\":\"0:0:0:1\",\"state\":\"plain\",\"locators\":"
	      "[{\"locator\":\"2001:db8:2:0\",\"pref\":10,\"lifetime\":0}],"
	      "\"flags\":[],\"stats\":{\"tx_packets\":42,\"rx_packets\":41,"
	      "\"srtt_us\":1500,\"flows\":2},\"nonce_local\":\"0102abcd\"}]\n",
	      peer_msg(7, ILNP_PEER_PLAIN, 0, 1));
	CHECK("empty dump is [] in JSON", &peer_view, true, false, false,
	      "[]\n");
	CHECK("empty dump prints nothing", &peer_view, false, false, false, "");
	CHECK("locator table", &loc_view, false, false, false,
	      "LOCATOR        PREF  LIFETIME  DEV\n"
	      "2001:db8:1:0   10    forever   any\n"
	      "2001:db8:a:ff  0     3600s     lo\n",
	      loc_msg(ID(0x2001, 0xdb8, 1, 0), 10, 0, 0),
	      loc_msg(ID(0x2001, 0xdb8, 0xa, 0xff), 0, 3600, 1));
	CHECK("locator pretty JSON", &loc_view, true, true, false,
	      "[\n"
	      "    {\n"
	      "        \"locator\": \"2001:db8:a:ff\",\n"
	      "        \"pref\": 0,\n"
	      "        \"lifetime\": 3600,\n"
	      "        \"ifindex\": 1,\n"
	      "        \"dev\": \"lo\"\n"
	      "    }\n"
	      "]\n",
	      loc_msg(ID(0x2001, 0xdb8, 0xa, 0xff), 0, 3600, 1));
	CHECK("prefix table", &prefix_view, false, false, false,
	      "PREFIX\n"
	      "2001:db8::/32\n"
	      "::/0\n"
	      "2001:db8:1:2::1/128\n",
	      prefix_msg("2001:db8::", 32), prefix_msg("::", 0),
	      prefix_msg("2001:db8:1:2::1", 128));
	CHECK("prefix JSON: what \"prefix add\" takes back", &prefix_view,
	      true, false, false,
	      "[{\"prefix\":\"2001:db8::/32\"},{\"prefix\":\"::/0\"}]\n",
	      prefix_msg("2001:db8::", 32), prefix_msg("::", 0));
	CHECK("stats record", &stats_view, false, false, false,
	      "tx_rewritten   7\n"
	      "lu_sent        3\n"
	      "map_rewritten  0\n"
	      "rr_verified    4\n"
	      "ratelimited    11\n",
	      stats_msg());
	CHECK("stats JSON", &stats_view, true, false, false,
	      "{\"tx_rewritten\":7,\"lu_sent\":3,\"map_rewritten\":0,"
	      "\"rr_verified\":4,\"ratelimited\":11}\n",
	      stats_msg());
	CHECK("info JSON escapes strings", &info_view, true, false, false,
	      "{\"version\":\"0.1\\\"x\",\"nids\":2,\"peers\":0}\n",
	      info_msg());
	CHECK("monitor lines", &loc_change_view, false, false, false,
	      "event locator 2001:db8:1:0 pref 5\n"
	      "event locator 2001:db8:1:0 pref 5 deleted\n",
	      loc_change_msg(0), loc_change_msg(ILNP_F_DELETED));
	CHECK("monitor JSON lines", &loc_change_view, true, false, false,
	      "{\"event\":\"event\",\"locator\":\"2001:db8:1:0\",\"pref\":5,"
	      "\"deleted\":true}\n",
	      loc_change_msg(ILNP_F_DELETED));
	CHECK("monitor locator list", &lu_recv_view, false, false, false,
	      "event nid 0:0:0:7 local_nid 0:0:0:1 locators 2001:db8:2:0/10,2001:db8:3:0/20\n",
	      lu_recv_msg());
	CHECK("monitor peer_verified", &verified_view, false, false, false,
	      "event nid 0:0:0:c local_nid 0:0:0:7 addr 2001:db8:5::c\n"
	      "event nid 0:0:0:c local_nid 0:0:0:7 addr 2001:db8:5::c nonce_changed\n"
	      "event nid 0:0:0:c local_nid 0:0:0:7 addr 2001:db8:5::c nonce_changed,0x40\n",
	      verified_msg(0), verified_msg(ILNP_F_NONCE_CHANGED),
	      verified_msg(ILNP_F_NONCE_CHANGED | 0x40));
	CHECK("monitor peer_verified JSON", &verified_view, true, false, false,
	      "{\"event\":\"event\",\"nid\":\"0:0:0:c\",\"local_nid\":\"0:0:0:7\","
	      "\"addr\":\"2001:db8:5::c\"}\n"
	      "{\"event\":\"event\",\"nid\":\"0:0:0:c\",\"local_nid\":\"0:0:0:7\","
	      "\"addr\":\"2001:db8:5::c\",\"nonce_changed\":true}\n",
	      verified_msg(0), verified_msg(ILNP_F_NONCE_CHANGED));
	CHECK("map table", &map_view, false, false, false,
	      "NID      EXT             INT            SEQ                   FLAGS         AGE\n"
	      "0:0:0:7  2001:db8:100:0  2001:db8:2:fe  3                     ilnp,neutral  1500ms\n"
	      "0:0:0:8  2001:db8:100:0  2001:db8:2:fe  18446744073709551615  -             0ms\n",
	      map_msg(ILNP_CMD_MAP_GET, 7, 3,
		      ILNP_MAP_F_ILNP | ILNP_MAP_F_NEUTRAL, 1500),
	      map_msg(ILNP_CMD_MAP_GET, 8, UINT64_MAX, 0, 0));
	CHECK("map table with -s", &map_view, false, false, true,
	      "NID      EXT             INT            SEQ  FLAGS         AGE   IN  OUT\n"
	      "0:0:0:7  2001:db8:100:0  2001:db8:2:fe  0    0x40,neutral  20ms  12  10\n",
	      map_msg(ILNP_CMD_MAP_GET, 7, 0, ILNP_MAP_F_NEUTRAL | 0x40, 20));
	CHECK("map JSON", &map_view, true, false, false,
	      "[{\"nid\":\"0:0:0:7\",\"ext\":\"2001:db8:100:0\",\"int\":\"2001:db8:2:fe\","
	      "\"seq\":18446744073709551615,\"flags\":[\"ilnp\"],\"age_ms\":86400000}]\n",
	      map_msg(ILNP_CMD_MAP_GET, 7, UINT64_MAX, ILNP_MAP_F_ILNP,
		      86400000));
	CHECK("map JSON with -s", &map_view, true, false, true,
	      "[{\"nid\":\"0:0:0:7\",\"ext\":\"2001:db8:100:0\",\"int\":\"2001:db8:2:fe\","
	      "\"seq\":1,\"flags\":[],\"age_ms\":5,\"stats\":{\"in\":12,\"out\":10}}]\n",
	      map_msg(ILNP_CMD_MAP_GET, 7, 1, 0, 5));
	CHECK("monitor map_change", &map_change_view, false, false, false,
	      "event nid 0:0:0:7 ext 2001:db8:100:0 int 2001:db8:2:fe seq 4 flags ilnp,neutral\n"
	      "event nid 0:0:0:7 ext 2001:db8:100:0 int 2001:db8:2:fe seq 4 flags deleted,ilnp\n"
	      "event nid 0:0:0:7 ext 2001:db8:100:0 int 2001:db8:2:fe seq 0\n",
	      map_msg(ILNP_EVT_MAP_CHANGE, 7, 4,
		      ILNP_MAP_F_ILNP | ILNP_MAP_F_NEUTRAL, 0),
	      map_msg(ILNP_EVT_MAP_CHANGE, 7, 4,
		      ILNP_F_DELETED | ILNP_MAP_F_ILNP, 0),
	      map_msg(ILNP_EVT_MAP_CHANGE, 7, 0, 0, 0));
	CHECK("monitor map_change JSON", &map_change_view, true, false, false,
	      "{\"event\":\"event\",\"nid\":\"0:0:0:7\",\"ext\":\"2001:db8:100:0\","
	      "\"int\":\"2001:db8:2:fe\",\"seq\":4,\"flags\":[\"deleted\",\"neutral\"]}\n"
	      "{\"event\":\"event\",\"nid\":\"0:0:0:7\",\"ext\":\"2001:db8:100:0\","
	      "\"int\":\"2001:db8:2:fe\",\"seq\":0,\"flags\":[]}\n",
	      map_msg(ILNP_EVT_MAP_CHANGE, 7, 4,
		      ILNP_F_DELETED | ILNP_MAP_F_NEUTRAL, 0),
	      map_msg(ILNP_EVT_MAP_CHANGE, 7, 0, 0, 0));
	CHECK("map counters in stats", &map_stats_view, false, false, false,
	      "map_rewritten    22\n"
	      "map_stale        1\n"
	      "map_icmp_xlated  2\n",
	      map_stats_msg());
	CHECK("map counters in stats JSON", &map_stats_view, true, false, false,
	      "{\"map_rewritten\":22,\"map_stale\":1,\"map_icmp_xlated\":2}\n",
	      map_stats_msg());
	printf("1..%d\n", ntests);
	return nfailed ? 1 : 0;
}
