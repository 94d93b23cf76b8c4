package io.prunesweep.graph;

import java.util.List;

/**
 * Units that are removed together: removing unit {@code u} of the group removes, in every member, the slice
 * that member holds for {@code u}. A plain convolution's channels form a group with the batch norm behind it
 * and the input channels of its consumers; the outputs of every branch of a residual add form one group.
 *
 * @param id       position in {@link DependencyGraph#groups()}
 * @param name     the layers whose outputs the units are, joined by {@code +} ({@code input} for the network input)
 * @param width    number of units
 * @param members  every parameter slice that moves with a unit, sorted by layer then parameter
 * @param prunable whether units may be removed
 * @param reason   why not, or null when prunable
 */
public record UnitGroup(int id, String name, int width, List<Member> members, boolean prunable, String reason) {
    public UnitGroup {
        if (id < 0 || width < 1 || name == null) {
            throw new IllegalArgumentException("group " + id + " '" + name + "' needs a name and width >= 1, found "
                    + width);
        }
        members = List.copyOf(members);
        if (prunable != (reason == null)) {
            throw new IllegalArgumentException("group " + id + ": a reason is given exactly when it is not prunable");
        }
        for (Member m : members) {
            if (m.firstUnit() + m.units() > width) {
                throw new IllegalArgumentException("group " + id + ": member " + m.param() + " covers units beyond "
                        + width);
            }
        }
    }

    /** The members with the given role. */
    public List<Member> members(Role role) {
        return members.stream().filter(m -> m.role() == role).toList();
    }

    /** The members holding part of unit {@code u}. */
    public List<Member> membersOf(int u) {
        return members.stream().filter(m -> m.covers(u)).toList();
    }
}
