using System.Reflection;

using Gatehouse.Server.Apps;

using OpenIddict.EntityFrameworkCore.Models;

namespace Gatehouse.Server.Tests.Apps;

/// <summary>
/// The cached application is a hand-written copy (Apps/ApplicationSnapshots.Copy): a column OpenIddict adds to its
/// application entity in a later version must not be silently dropped from every cached client.
/// </summary>
public sealed class ApplicationSnapshotCopyTests
{
    private static readonly PropertyInfo[] Properties =
        typeof(OpenIddictEntityFrameworkCoreApplication).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    [Fact]
    public void Copy_CarriesEveryColumnAndNoNavigation()
    {
        var source = new OpenIddictEntityFrameworkCoreApplication();
        var columns = Properties.Where(property => property.PropertyType == typeof(string)).ToList();
        foreach (var column in columns)
        {
            column.SetValue(source, "value of " + column.Name);
        }

        var copy = ApplicationSnapshots.Copy(source);

        Assert.All(columns, column => Assert.Equal(column.GetValue(source), column.GetValue(copy)));
        // Everything else is a navigation (the app's authorizations and tokens), which a detached copy must not carry.
        var others = Properties.Except(columns).ToList();
        Assert.All(others, navigation => Assert.True(
            navigation.PropertyType.IsGenericType && navigation.PropertyType.GetGenericTypeDefinition() == typeof(ICollection<>),
            $"{navigation.Name} ({navigation.PropertyType}) is neither a string column nor a navigation: copy it in ApplicationSnapshots.Copy"));
        Assert.All(others, navigation => Assert.Empty((System.Collections.IEnumerable)navigation.GetValue(copy)!));
    }
}
