using Gatehouse.Core.Apps;
using Gatehouse.Core.Users;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gatehouse.Storage.Configurations;

/// <summary>
/// Direct user assignments. No foreign key to OpenIddict's applications table: the app's rows are removed with the
/// app by the management API, as the group assignments are. A deleted user's assignments go with the user.
/// </summary>
internal sealed class AppUserAssignmentConfiguration : IEntityTypeConfiguration<AppUserAssignment>
{
    public void Configure(EntityTypeBuilder<AppUserAssignment> builder)
    {
        builder.HasKey(assignment => new { assignment.AppId, assignment.UserId });
        builder.HasIndex(assignment => assignment.UserId);
        builder.HasOne<GatehouseUser>().WithMany().HasForeignKey(assignment => assignment.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
