// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp_flood: spoofed packets for the ILNP flood selftest (flood.sh).
 *
 *   ilnp_flood -i IFACE -m DSTMAC -d DST [-n COUNT] [-t TYPES] [-s SEED]
 *              [-p PORT] [-o OFFSET]
 *
 * Sends COUNT (default 1000000) Ethernet frames out of IFACE (AF_PACKET,
 * sendmmsg in batches, qdisc bypassed) to DSTMAC, each IPv6 packet to DST
 * from its own source address: 2001:db8:L:L::N with a random /64 (L, its
 * third group always >= 0x8000, so it never falls inside 2001:db8::/33)
 * and an interface identifier N that is a bijection of the packet's number
 * (OFFSET + i) and SEED (>= 1): every packet of a run, and of runs with the
 * same SEED and disjoint OFFSET ranges, has a different source.  TYPES, a comma
 * separated list taken in turn:
 *
 *   udp      UDP to PORT with a nonce Destination Option (RFC 6744) and the
 *            ILNP (NID-only) checksum: a stranger opening ILNP to us
 *   syn      the same as a TCP SYN
 *   lu       an ICMPv6 Locator Update (RFC 6743) naming a random locator,
 *            with a random nonce
 *   pp       an ICMPv6 Parameter Problem (unrecognised option) quoting a
 *            packet of DST's to the source with a random nonce
 *   udp0     UDP without any option, ordinary checksum
 *   syn0     TCP SYN without any option, ordinary checksum
 *
 * Every nonce is 12 random bytes.  Prints one JSON line: packets sent,
 * seconds, packets per second, and how often the victim's backlog was full
 * (the flooder then waits 10 ms).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		32
#define FRAME_MAX	256
#define NONCE_LEN	12
#define OPT_NONCE	0x8b
#define ICMP6_LU	156
#define ICMP6_PARAMPROB	4

enum kind { K_UDP, K_SYN, K_LU, K_PP, K_UDP0, K_SYN0, K_MAX };
static const char *const kind_names[K_MAX] = {
	"udp", "syn", "lu", "pp", "udp0", "syn0",
};

static uint64_t rng_state;

/* splitmix64: a fast generator, and its finaliser is a bijection. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
	rng_state += 0x9e3779b97f4a7c15ULL;
	return mix64(rng_state);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, v);
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

/*
 * The transport checksum over the pseudo-header of @src/@dst (each 16
 * bytes; with @nid_only their locators count as zero, RFC 6741), @proto and
 * the @len bytes at @l4, whose checksum field is zero.
 */
static uint16_t l4_csum(const uint8_t *src, const uint8_t *dst, int nid_only,
			uint8_t proto, const uint8_t *l4, size_t len)
{
	uint8_t ph[8] = { 0 };
	uint32_t s = 0;

	s = sum16(src + (nid_only ? 8 : 0), nid_only ? 8 : 16, s);
	s = sum16(dst + (nid_only ? 8 : 0), nid_only ? 8 : 16, s);
	put32(ph, len);
	ph[7] = proto;
	s = sum16(ph, 8, s);
	s = sum16(l4, len, s);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	return s ? s : 0xffff;
}

/* A Destination Options header holding only a nonce: 16 bytes. */
static size_t put_nonce_hdr(uint8_t *p, uint8_t next)
{
	p[0] = next;
	p[1] = 1;			/* (1 + 1) * 8 bytes */
	p[2] = OPT_NONCE;
	p[3] = NONCE_LEN;
	put32(p + 4, rnd());
	put64(p + 8, rnd());
	return 16;
}

static void put_ip6(uint8_t *p, uint16_t plen, uint8_t next,
		    const uint8_t *src, const uint8_t *dst)
{
	put32(p, 6U << 28);
	put16(p + 4, plen);
	p[6] = next;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

/* Build frame number @n of kind @k into @f; returns its length. */
static size_t build(uint8_t *f, enum kind k, uint64_t n, uint64_t seed,
		    const uint8_t *dmac, const uint8_t *smac,
		    const uint8_t *dst, uint16_t port)
{
	uint8_t src[16], *ip = f + 14, *q, *l4;
	size_t off, l4len;
	int nonce = k == K_UDP || k == K_SYN || k == K_LU;
	uint8_t proto;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, ETH_P_IPV6);

	put32(src, 0x20010db8);
	put32(src + 4, (uint32_t)rnd() | 0x80000000U);
	put64(src + 8, mix64((seed << 32) + n));	/* never 0 */

	off = 40;
	q = ip + off;
	switch (k) {
	case K_UDP:
	case K_UDP0:
		proto = IPPROTO_UDP;
		break;
	case K_SYN:
	case K_SYN0:
		proto = IPPROTO_TCP;
		break;
	default:
		proto = IPPROTO_ICMPV6;
		break;
	}
	if (nonce)
		off += put_nonce_hdr(q, proto);
	l4 = ip + off;

	switch (k) {
	case K_UDP:
	case K_UDP0:
		l4len = 8 + 16;
		put16(l4, 1024 + (rnd() & 0x7fff));
		put16(l4 + 2, port);
		put16(l4 + 4, l4len);
		put16(l4 + 6, 0);
		memset(l4 + 8, 'f', 16);
		put16(l4 + 6, l4_csum(src, dst, k == K_UDP, proto, l4, l4len));
		break;
	case K_SYN:
	case K_SYN0:
		l4len = 20;
		memset(l4, 0, l4len);
		put16(l4, 1024 + (rnd() & 0x7fff));
		put16(l4 + 2, port);
		put32(l4 + 4, rnd());
		l4[12] = 5 << 4;
		l4[13] = 0x02;		/* SYN */
		put16(l4 + 14, 64240);
		put16(l4 + 16, l4_csum(src, dst, k == K_SYN, proto, l4, l4len));
		break;
	case K_LU:
		l4len = 8 + 12;
		memset(l4, 0, l4len);
		l4[0] = ICMP6_LU;
		l4[4] = 1;		/* one locator */
		l4[5] = 1;		/* update */
		put32(l4 + 8, 0x20010db8);
		put32(l4 + 12, (uint32_t)rnd() | 0x80000000U);
		put16(l4 + 16, 1);
		put16(l4 + 18, 600);
		put16(l4 + 2, l4_csum(src, dst, 0, proto, l4, l4len));
		break;
	default:			/* K_PP */
		/* ICMPv6 8, the quoted IPv6 header 40, its nonce header 16,
		 * its UDP header 8. */
		l4len = 8 + 40 + 16 + 8;
		memset(l4, 0, l4len);
		l4[0] = ICMP6_PARAMPROB;
		l4[1] = 2;		/* unrecognised IPv6 option */
		put32(l4 + 4, 40 + 2);
		put_ip6(l4 + 8, 16 + 8, 60, dst, src);
		put_nonce_hdr(l4 + 48, IPPROTO_UDP);
		put16(l4 + 64, 1024 + (rnd() & 0x7fff));
		put16(l4 + 66, port);
		put16(l4 + 68, 8 + 16);
		put16(l4 + 2, l4_csum(src, dst, 0, proto, l4, l4len));
		break;
	}
	put_ip6(ip, off - 40 + l4len, nonce ? 60 : proto, src, dst);
	return 14 + off + l4len;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: ilnp_flood -i IFACE -m DSTMAC -d DST [-n COUNT] [-t udp,syn,lu,pp,udp0,syn0] [-s SEED] [-p PORT] [-o OFFSET]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static uint8_t frames[BATCH][FRAME_MAX];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	enum kind kinds[K_MAX * 4];
	unsigned int nkinds = 0;
	const char *ifname = NULL, *types = "udp,syn";
	uint64_t count = 1000000, seed = 1, offset = 0, sent = 0, full = 0;
	uint8_t dmac[6], smac[6] = { 0x02, 0x1f, 0x10, 0x0d, 0, 1 };
	uint8_t dst[16];
	struct sockaddr_ll sll = { 0 };
	uint16_t port = 9;
	int have_mac = 0, have_dst = 0, one = 1, opt, fd, i;
	char *list, *tok, *save;
	double t0, t;

	while ((opt = getopt(argc, argv, "i:m:d:n:t:s:p:o:")) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 'm':
			if (parse_mac(optarg, dmac))
				usage();
			have_mac = 1;
			break;
		case 'd':
			if (inet_pton(AF_INET6, optarg, dst) != 1)
				usage();
			have_dst = 1;
			break;
		case 'n':
			count = strtoull(optarg, NULL, 0);
			break;
		case 't':
			types = optarg;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			port = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			offset = strtoull(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (!ifname || !have_mac || !have_dst || optind != argc)
		usage();
	list = strdup(types);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < K_MAX && strcmp(tok, kind_names[i]); i++)
			;
		if (i == K_MAX || nkinds == sizeof(kinds) / sizeof(kinds[0]))
			usage();
		kinds[nkinds++] = i;
	}
	free(list);
	if (!nkinds)
		usage();
	rng_state = mix64(seed + 0x1234);

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(ifname);
	sll.sll_protocol = htons(ETH_P_IPV6);
	if (!sll.sll_ifindex) {
		perror(ifname);
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind");
		return 1;
	}
	/* Straight to the driver: the veth hands each frame to the victim. */
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
		perror("PACKET_QDISC_BYPASS (ignored)");

	memset(msgs, 0, sizeof(msgs));
	t0 = now();
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? count - sent : BATCH;
		unsigned int done = 0;

		for (i = 0; i < (int)n; i++) {
			uint64_t num = offset + sent + i;

			iov[i].iov_base = frames[i];
			iov[i].iov_len = build(frames[i], kinds[num % nkinds],
					       num, seed, dmac, smac, dst, port);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		while (done < n) {
			int r = sendmmsg(fd, msgs + done, n - done, 0);

			if (r < 0) {
				if (errno == EINTR)
					continue;
				/* The victim's backlog is full: let it drain
				 * (spinning here would starve its packet
				 * processing and every other task). */
				if (errno == ENOBUFS || errno == EAGAIN) {
					struct timespec ts = { 0, 10000000 };

					full++;
					nanosleep(&ts, NULL);
					continue;
				}
				perror("sendmmsg");
				return 1;
			}
			done += r;
		}
		sent += n;
	}
	t = now() - t0;
	printf("{\"sent\": %llu, \"secs\": %.3f, \"pps\": %.0f, \"full\": %llu}\n",
	       (unsigned long long)sent, t, t > 0 ? sent / t : 0.0,
	       (unsigned long long)full);
	close(fd);
	return 0;
}
