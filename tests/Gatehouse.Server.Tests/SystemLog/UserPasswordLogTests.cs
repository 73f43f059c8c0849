using System.Text;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;

using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// The password routes of <c>/api/v1/users</c> are in the System Log as Okta's user.account.update_password,
/// expire_password and reset_password events; no password, temporary password or reset link is ever in an event.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UserPasswordLogTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task Passwords_ChangeExpireAndResetAreRecordedWithoutSecrets()
    {
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);
        var (id, _) = await UsersPasswordApiTests.NewUserAsync(api);
        var user = "/api/v1/users/" + id;
        var newPassword = $"Log-Changed-{Guid.NewGuid():N}";
        string? tempPassword = null;
        string? resetLink = null;

        AdminChange[] changes =
        [
            new("user.account.update_password", () => api.PostAsync(
                $"{user}/credentials/change_password", new { oldPassword = new { value = UsersApiTests.Password }, newPassword = new { value = newPassword } })),
            new("user.account.expire_password", () => api.PostAsync($"{user}/lifecycle/expire_password", new { })),
            new("user.account.expire_password", async () =>
            {
                var expired = await api.PostAsync($"{user}/lifecycle/expire_password?tempPassword=true", new { });
                tempPassword = expired["tempPassword"];
                return expired;
            }),
            new("user.account.reset_password", async () =>
            {
                var reset = await api.PostAsync($"{user}/lifecycle/reset_password?sendEmail=false", new { });
                resetLink = reset["resetPasswordUrl"];
                return reset;
            }),
        ];
        await AdminChange.RunAsync(changes);

        await AdminLog.AssertRecordedAsync(api, since, id, "User", ["user.lifecycle.create", .. changes.Select(change => change.EventType)]);
        var text = await AdminLog.TextSinceAsync(api, since);
        var link = resetLink!;
        var resetToken = link[(link.LastIndexOf('/') + 1)..];
        string[] secrets = [UsersApiTests.Password, newPassword, tempPassword!, resetToken, Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(resetToken)).Split('.', 2)[1]];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }
}
