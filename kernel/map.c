// SPDX-License-Identifier: GPL-2.0
/*
 * The locator map (see map.h).
 */
#include <linux/bsearch.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "genl.h"
#include "local.h"
#include "map.h"
#include "netns.h"

unsigned int ilnp_map_max __read_mostly = ILNP_MAP_MAX;
module_param_named(map_max, ilnp_map_max, uint, 0644);
MODULE_PARM_DESC(map_max, "Maximum map entries per network namespace (namespaces created later)");

static const struct rhashtable_params ilnp_map_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct ilnp_map_entry, nid),
	.head_offset = offsetof(struct ilnp_map_entry, node),
	.automatic_shrinking = true,
};

int ilnp_map_init(struct ilnp_net *in)
{
	RCU_INIT_POINTER(in->map.ext, NULL);
	RCU_INIT_POINTER(in->map.int_, NULL);
	in->map.max = READ_ONCE(ilnp_map_max);
	return rhashtable_init(&in->map.table, &ilnp_map_params);
}

static void ilnp_map_entry_free(void *ptr, void *arg)
{
	struct ilnp_map_entry *e = ptr;

	kfree_rcu(e->cnt, rcu);
	kfree_rcu(e, rcu);
}

void ilnp_map_destroy(struct ilnp_net *in)
{
	rhashtable_free_and_destroy(&in->map.table, ilnp_map_entry_free, NULL);
	kfree(rcu_dereference_protected(in->map.ext, true));
	kfree(rcu_dereference_protected(in->map.int_, true));
}

unsigned int ilnp_map_count(struct ilnp_net *in)
{
	return atomic_read(&in->map.table.nelems);
}

struct ilnp_map_entry *ilnp_map_lookup(struct ilnp_net *in, u64 nid)
{
	return rhashtable_lookup(&in->map.table, &nid, ilnp_map_params);
}

/* Caller holds in->lock (writers of the map hold it too). */
bool ilnp_map_lookup_locked(struct ilnp_net *in, u64 nid)
{
	lockdep_assert_held(&in->lock);
	return rhashtable_lookup_fast(&in->map.table, &nid, ilnp_map_params);
}

/* ---- the locator summaries ---- */

static int ilnp_map_loc_cmp(const void *key, const void *elt)
{
	u64 x = *(const u64 *)key, y = ((const struct ilnp_map_loc *)elt)->loc;

	return x < y ? -1 : x > y;
}

static bool ilnp_map_locs_has(const struct ilnp_map_locs *l, u64 loc)
{
	return l && bsearch(&loc, l->v, l->n, sizeof(l->v[0]),
			    ilnp_map_loc_cmp);
}

bool ilnp_map_has_ext(struct ilnp_net *in, u64 loc)
{
	return ilnp_map_locs_has(rcu_dereference(in->map.ext), loc);
}

bool ilnp_map_has_int(struct ilnp_net *in, u64 loc)
{
	return ilnp_map_locs_has(rcu_dereference(in->map.int_), loc);
}

/*
 * A copy of @old with one more reference to @add (0: none) and one less to
 * @del (0: none); a locator whose count falls to 0 leaves.  Sorted.
 */
struct ilnp_map_locs *ilnp_map_locs_change(const struct ilnp_map_locs *old,
					   u64 add, u64 del)
{
	unsigned int i, j = 0, n = old ? old->n : 0;
	struct ilnp_map_locs *l;
	bool added = !add;

	l = kmalloc(struct_size(l, v, n + 1), GFP_KERNEL_ACCOUNT);
	if (!l)
		return NULL;
	for (i = 0; i < n; i++) {
		struct ilnp_map_loc v = old->v[i];

		if (!added && add < v.loc) {
			l->v[j++] = (struct ilnp_map_loc){ add, 1 };
			added = true;
		}
		if (v.loc == add) {
			v.refs++;
			added = true;
		}
		if (v.loc == del && !--v.refs)
			continue;
		l->v[j++] = v;
	}
	if (!added)
		l->v[j++] = (struct ilnp_map_loc){ add, 1 };
	l->n = j;
	return l;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_map_locs_change);

/*
 * Both summaries for @add taking the place of @del (either may be NULL),
 * built before anything is published so that nothing can fail after.
 */
struct ilnp_map_locs_pair {
	struct ilnp_map_locs *ext, *int_;
};

static int ilnp_map_locs_prepare(struct ilnp_net *in,
				 const struct ilnp_map_entry *add,
				 const struct ilnp_map_entry *del,
				 struct ilnp_map_locs_pair *p)
{
	p->ext = ilnp_map_locs_change(rcu_dereference_protected(in->map.ext,
					lockdep_is_held(&in->lock)),
				      add ? add->ext : 0, del ? del->ext : 0);
	p->int_ = ilnp_map_locs_change(rcu_dereference_protected(in->map.int_,
					lockdep_is_held(&in->lock)),
				       add ? add->int_ : 0, del ? del->int_ : 0);
	if (p->ext && p->int_)
		return 0;
	kfree(p->ext);
	kfree(p->int_);
	return -ENOMEM;
}

static void ilnp_map_locs_publish(struct ilnp_net *in,
				  struct ilnp_map_locs_pair *p)
{
	struct ilnp_map_locs *old;

	old = rcu_replace_pointer(in->map.ext, p->ext,
				  lockdep_is_held(&in->lock));
	if (old)
		kfree_rcu(old, rcu);
	old = rcu_replace_pointer(in->map.int_, p->int_,
				  lockdep_is_held(&in->lock));
	if (old)
		kfree_rcu(old, rcu);
}

/* ---- changes ---- */

/* Same one's complement sum: rewriting one to the other changes no
 * checksum over the full address. */
bool ilnp_map_neutral(u64 ext, u64 int_)
{
	__sum16 f = csum_fold(ilnp_csum_loc_diff(cpu_to_be64(ext),
						 cpu_to_be64(int_)));

	/* One's complement has two zeros. */
	return (__force u16)f == 0 || (__force u16)f == 0xffff;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_map_neutral);

static struct ilnp_map_entry *ilnp_map_entry_new(const struct ilnp_map_req *r,
						 struct ilnp_map_counters *cnt)
{
	struct ilnp_map_entry *e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);

	if (!e)
		return NULL;
	e->nid = r->nid;
	e->ext = r->ext;
	e->int_ = r->int_;
	e->seq = r->seq;
	e->flags = r->flags & ILNP_MAP_F_GIVEN;
	if (ilnp_map_neutral(e->ext, e->int_))
		e->flags |= ILNP_MAP_F_NEUTRAL;
	e->diff_in = ilnp_csum_loc_diff(cpu_to_be64(e->ext),
					cpu_to_be64(e->int_));
	e->changed = jiffies;
	e->cnt = cnt;
	return e;
}

static int ilnp_map_check(struct ilnp_net *in, const struct ilnp_map_req *r,
			  struct netlink_ext_ack *extack)
{
	if (r->ext == r->int_) {
		NL_SET_ERR_MSG(extack, "Outside and inside locator are the same");
		return -EINVAL;
	}
	if (ilnp_nid_find(in, r->nid)) {
		NL_SET_ERR_MSG(extack, "NID is one of ours: a node behind us has its own");
		return -EINVAL;
	}
	return 0;
}

/**
 * ilnp_map_add() - add an entry, or (@replace) change one
 * @in:      the namespace
 * @req:     the request; for a change, the fields it gives
 * @replace: MAP_SET
 * @extack:  for the error message
 *
 * A change whose sequence number is older than the entry's is refused
 * (-ESTALE, counted): an orchestrator's late or repeated update must not
 * undo a newer one.
 */
int ilnp_map_add(struct ilnp_net *in, const struct ilnp_map_req *req,
		 bool replace, struct netlink_ext_ack *extack)
{
	struct ilnp_map_counters *cnt = NULL;
	struct ilnp_map_locs_pair locs;
	struct ilnp_map_entry *old, *e;
	struct ilnp_map_req r = *req;
	int err;

	mutex_lock(&in->lock);
	old = rhashtable_lookup_fast(&in->map.table, &r.nid, ilnp_map_params);
	err = -ENOENT;
	if (replace && !old) {
		NL_SET_ERR_MSG(extack, "No map entry for this NID");
		goto out;
	}
	err = -EEXIST;
	if (!replace && old) {
		NL_SET_ERR_MSG(extack, "Map entry for this NID already exists");
		goto out;
	}
	if (replace) {
		if (r.has_seq && r.seq < old->seq) {
			NL_SET_ERR_MSG(extack, "Stale update: the entry has a newer seq");
			ilnp_stat_inc(in, ILNP_STAT_MAP_STALE);
			err = -ESTALE;
			goto out;
		}
		if (!r.has_ext)
			r.ext = old->ext;
		if (!r.has_int)
			r.int_ = old->int_;
		if (!r.has_seq)
			r.seq = old->seq;
		/* (A pointer stays one: SET changes ILNP_MAP_F_ILNP only.) */
		r.flags = (r.has_flags ? r.flags : old->flags & ILNP_MAP_F_ILNP) |
			  (old->flags & ILNP_MAP_F_POINTER);
		cnt = old->cnt;
	}
	err = ilnp_map_check(in, &r, extack);
	if (err)
		goto out;
	err = -ENOSPC;
	if (!replace && ilnp_map_count(in) >= in->map.max) {
		NL_SET_ERR_MSG(extack, "Map full (module parameter map_max)");
		goto out;
	}
	err = -ENOMEM;
	if (!cnt) {
		cnt = kzalloc(sizeof(*cnt), GFP_KERNEL_ACCOUNT);
		if (!cnt)
			goto out;
	}
	e = ilnp_map_entry_new(&r, cnt);
	if (!e)
		goto out_cnt;
	if (!replace) {
		err = ilnp_hooks_enable(in);
		if (err) {
			NL_SET_ERR_MSG(extack, "Cannot register the netfilter hooks");
			goto out_e;
		}
	}
	err = ilnp_map_locs_prepare(in, e, old, &locs);
	if (err)
		goto out_e;
	if (replace)
		err = rhashtable_replace_fast(&in->map.table, &old->node,
					      &e->node, ilnp_map_params);
	else
		err = rhashtable_lookup_insert_fast(&in->map.table, &e->node,
						    ilnp_map_params);
	if (err) {
		kfree(locs.ext);
		kfree(locs.int_);
		goto out_e;
	}
	ilnp_map_locs_publish(in, &locs);
	if (replace)
		kfree_rcu(old, rcu);
	/* Before the unlock: a SET right after ours may free @e. */
	ilnp_genl_notify_map(in, e, false);
	mutex_unlock(&in->lock);
	return 0;

out_e:
	kfree(e);
out_cnt:
	if (!replace)
		kfree(cnt);
out:
	mutex_unlock(&in->lock);
	return err;
}

int ilnp_map_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack)
{
	struct ilnp_map_locs_pair locs;
	struct ilnp_map_entry *e;
	int err;

	mutex_lock(&in->lock);
	e = rhashtable_lookup_fast(&in->map.table, &nid, ilnp_map_params);
	err = -ENOENT;
	if (!e) {
		NL_SET_ERR_MSG(extack, "No map entry for this NID");
		goto out;
	}
	err = ilnp_map_locs_prepare(in, NULL, e, &locs);
	if (err)
		goto out;
	rhashtable_remove_fast(&in->map.table, &e->node, ilnp_map_params);
	ilnp_map_locs_publish(in, &locs);
out:
	mutex_unlock(&in->lock);
	if (err)
		return err;
	ilnp_genl_notify_map(in, e, true);
	ilnp_map_entry_free(e, NULL);
	return 0;
}

void ilnp_map_flush(struct ilnp_net *in)
{
	struct ilnp_map_locs_pair none = {};
	struct rhashtable_iter iter;
	struct ilnp_map_entry *e;

	mutex_lock(&in->lock);
	/* Only writers under in->lock change the table: remove as we walk
	 * (no pause: the walk never loses its place), then drop the
	 * summaries whole. */
	rhashtable_walk_enter(&in->map.table, &iter);
	rhashtable_walk_start(&iter);
	while ((e = ilnp_walk_next(&iter))) {
		rhashtable_remove_fast(&in->map.table, &e->node,
				       ilnp_map_params);
		ilnp_map_entry_free(e, NULL);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	ilnp_map_locs_publish(in, &none);
	mutex_unlock(&in->lock);
}
