/**
 * Power-share groups as Studio sees them: a master (role 1) and its nodes (roles 2–8, Node 1–7),
 * linked over RS485 only (`firmware-behaviour.md` §5.13). `/settings` tells each charger's role but
 * not which master a node answers to, so a node belongs to a master when the list holds exactly
 * one master, or when the user said so (kept by serial). Pure, for the group view and the apply
 * preview alike.
 */
import type { ChargerSnapshot } from './charger-settings.schema';

export interface ShareCandidate {
  chargerId: string;
  name: string;
  snapshot?: ChargerSnapshot;
}

export interface ShareMember extends ShareCandidate {
  /** 0 for the master, 1–7 for Node 1–7. */
  node: number;
}

export interface GroupProblem {
  key: 'groupNodeTwice';
  params: Record<string, string | number>;
}

export interface PowerShareGroup {
  master: ShareMember;
  /** In node order. */
  nodes: ShareMember[];
  /** How the nodes were placed: the list's only master, or the user's choice. */
  basis: 'only-master' | 'assigned';
  problems: GroupProblem[];
}

export interface PowerShareView {
  groups: PowerShareGroup[];
  /** Nodes Studio cannot place (several masters, none chosen), and masters' ids to choose from. */
  unplaced: ShareMember[];
}

const role = (c: ShareCandidate) => c.snapshot?.loadBl ?? 0;

/**
 * Groups the listed chargers. `assigned` maps a node's serial to its master's serial (the user's
 * choice where the list holds several masters).
 */
export function powerShareGroups(
  chargers: readonly ShareCandidate[],
  assigned: Readonly<Record<string, number>> = {},
): PowerShareView {
  const masters = chargers.filter((c) => role(c) === 1);
  const nodes = chargers.filter((c) => role(c) >= 2).map((c) => ({ ...c, node: role(c) - 1 }));
  const groups: PowerShareGroup[] = masters.map((m) => ({
    master: { ...m, node: 0 },
    nodes: [],
    basis: masters.length === 1 ? 'only-master' : 'assigned',
    problems: [],
  }));
  const unplaced: ShareMember[] = [];
  for (const node of nodes) {
    const chosen = node.snapshot?.serial === undefined ? undefined : assigned[String(node.snapshot.serial)];
    const group =
      (chosen !== undefined ? groups.find((g) => g.master.snapshot?.serial === chosen) : undefined) ??
      (groups.length === 1 ? groups[0] : undefined);
    if (group) group.nodes.push(node);
    else unplaced.push(node);
  }
  for (const group of groups) {
    group.nodes.sort((a, b) => a.node - b.node);
    if (chosenAll(group, assigned)) group.basis = 'assigned';
    for (let n = 1; n <= 7; n += 1) {
      const same = group.nodes.filter((x) => x.node === n);
      if (same.length > 1)
        group.problems.push({
          key: 'groupNodeTwice',
          params: { n, names: same.map((x) => x.name).join(', ') },
        });
    }
  }
  return { groups, unplaced };
}

const chosenAll = (group: PowerShareGroup, assigned: Readonly<Record<string, number>>) =>
  group.nodes.length > 0 &&
  group.nodes.every(
    (n) => n.snapshot?.serial !== undefined && assigned[String(n.snapshot.serial)] !== undefined,
  );

/** The group a charger is in (as master or node), if Studio can tell. */
export function groupOf(view: PowerShareView, chargerId: string): PowerShareGroup | undefined {
  return view.groups.find(
    (g) => g.master.chargerId === chargerId || g.nodes.some((n) => n.chargerId === chargerId),
  );
}

/**
 * Settings the master sends to its nodes (the system-settings block it broadcasts when it saves,
 * §5.13, and every mode change): set on a node alone, they do not stay as set.
 */
export const groupWideFields = ['mode', 'solarStartCurrentA', 'solarMaxImportA', 'stopTimerMin'] as const;
