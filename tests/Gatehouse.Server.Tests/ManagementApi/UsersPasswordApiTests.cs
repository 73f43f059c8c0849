using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// Okta's password lifecycle on <c>/api/v1/users</c>: expire_password (with and without a temporary password),
/// reset_password (one-time link to Gatehouse's page), change_password, <c>nextLogin=changePassword</c>, and the
/// one password policy (classes, user attributes, history of 4).
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UsersPasswordApiTests(GatehouseServerFixture fixture)
{
    private const string NewPassword = "Brand-New-Secret-77";

    private GatehouseServer Server => fixture.Server;

    internal static async Task<(string Id, string Login)> NewUserAsync(ManagementApiClient api, string query = "")
    {
        var login = $"pw-{Guid.NewGuid():N}@example.com";
        var created = await api.PostAsync("/api/v1/users" + query, new
        {
            profile = new { login, email = login, firstName = "Petra", lastName = "Wordsworth" },
            credentials = new { password = new { value = UsersApiTests.Password } },
        });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return (created["id"]!, login);
    }

    private static Task<ApiResponse> ChangeAsync(ManagementApiClient api, string id, string oldPassword, string newPassword) =>
        api.PostAsync($"/api/v1/users/{id}/credentials/change_password", new { oldPassword = new { value = oldPassword }, newPassword = new { value = newPassword } });

    [Fact]
    public async Task ExpirePassword_MakesUserPasswordExpiredAndReturnsIt()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var response = await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password", new { });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(id, response["id"]);
        Assert.Equal("PASSWORD_EXPIRED", response["status"]);
        Assert.NotNull(response["statusChanged"]);
    }

    [Fact]
    public async Task ExpirePassword_TempPasswordReplacesThePassword()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var response = await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password?tempPassword=true", new { });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var temp = response["tempPassword"];
        Assert.False(string.IsNullOrEmpty(temp));
        Assert.Equal("PASSWORD_EXPIRED", (await api.GetAsync("/api/v1/users/" + id))["status"]);
        // The old password is gone; the temporary one works for change_password, which makes the user ACTIVE.
        (await ChangeAsync(api, id, UsersApiTests.Password, NewPassword)).AssertOktaError(HttpStatusCode.Forbidden, "E0000014");
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(api, id, temp!, NewPassword)).Status);
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Fact]
    public async Task ExpirePassword_StagedUserIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api, "?activate=false");

        (await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        (await api.PostAsync($"/api/v1/users/{id}/lifecycle/expire_password?tempPassword=maybe", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Theory]
    [InlineData("lifecycle/expire_password")]
    [InlineData("lifecycle/reset_password?sendEmail=false")]
    [InlineData("credentials/change_password")]
    public async Task PasswordRoutes_ReadOnlyAdminIs403AndUnknownUserIs404(string route)
    {
        using var api = new ManagementApiClient(Server);
        using var readOnly = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);
        var (id, _) = await NewUserAsync(api);
        object body = new { oldPassword = new { value = UsersApiTests.Password }, newPassword = new { value = NewPassword } };

        (await readOnly.PostAsync($"/api/v1/users/{id}/{route}", body)).AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
        (await api.PostAsync($"/api/v1/users/00unotthere0000000000/{route}", body)).AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        Assert.Equal("ACTIVE", (await api.GetAsync("/api/v1/users/" + id))["status"]);
    }

    [Fact]
    public async Task ChangePassword_WithRightOldPasswordReturnsCredentials()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);
        var before = (await api.GetAsync("/api/v1/users/" + id))["passwordChanged"];
        Server.Clock.Advance(TimeSpan.FromSeconds(5));

        var response = await ChangeAsync(api, id, UsersApiTests.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(JsonValueKind.Object, response.Json.GetProperty("password").ValueKind);
        Assert.Equal("OKTA", response.Json.GetProperty("provider").GetProperty("type").GetString());
        Assert.DoesNotContain(NewPassword, response.Json.GetRawText(), StringComparison.Ordinal);
        Assert.NotEqual(before, (await api.GetAsync("/api/v1/users/" + id))["passwordChanged"]);
    }

    [Fact]
    public async Task ChangePassword_WrongOldPasswordIs403E0000014()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var causes = (await ChangeAsync(api, id, "Not-The-Password-1", NewPassword)).AssertOktaError(HttpStatusCode.Forbidden, "E0000014");

        Assert.Equal(["oldPassword: The credentials provided were incorrect."], causes);
    }

    [Fact]
    public async Task ChangePassword_MissingFieldsOrBadJsonAreErrors()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var causes = (await api.PostAsync($"/api/v1/users/{id}/credentials/change_password", new { })).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Contains("oldPassword: The field cannot be left blank", causes);
        Assert.Contains("newPassword: The field cannot be left blank", causes);
        (await api.SendAsync(HttpMethod.Post, $"/api/v1/users/{id}/credentials/change_password", "{not json")).AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Theory]
    [InlineData("weakpassword")]
    [InlineData("Petra-Secret-99")]
    [InlineData("My-Wordsworth-99")]
    public async Task ChangePassword_NewPasswordAgainstPolicyIsE0000001WithOktasCause(string weak)
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var response = await ChangeAsync(api, id, UsersApiTests.Password, weak);

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Single(causes);
        Assert.StartsWith("password: Password requirements were not met.", causes[0], StringComparison.Ordinal);
        Assert.DoesNotContain(weak, response.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_PasswordContainingLoginIsRejected()
    {
        using var api = new ManagementApiClient(Server);
        var (id, login) = await NewUserAsync(api);

        var causes = (await ChangeAsync(api, id, UsersApiTests.Password, "X1" + login.Split('@')[0].ToUpperInvariant() + "a"))
            .AssertOktaError(HttpStatusCode.BadRequest, "E0000001");

        Assert.StartsWith("password: Password requirements were not met.", Assert.Single(causes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_LastFourPasswordsCannotBeReused()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);
        string[] passwords = [UsersApiTests.Password, "Second-Secret-22", "Third-Secret-33", "Fourth-Secret-44", "Fifth-Secret-55"];

        // The current password itself is in the history.
        Assert.Equal(["password: Password has been used too recently"],
            (await ChangeAsync(api, id, passwords[0], passwords[0])).AssertOktaError(HttpStatusCode.BadRequest, "E0000001"));
        for (var index = 1; index < passwords.Length; index++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(api, id, passwords[index - 1], passwords[index])).Status);
        }

        // Current: fifth; the last 4 are 2nd..5th, so 2nd is refused and 1st is allowed again.
        (await ChangeAsync(api, id, passwords[4], passwords[1])).AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Equal(HttpStatusCode.OK, (await ChangeAsync(api, id, passwords[4], passwords[0])).Status);
    }

    [Fact]
    public async Task Update_PasswordInHistoryIsRejectedThroughProfileUpdateToo()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api);

        var response = await api.PostAsync("/api/v1/users/" + id, new { credentials = new { password = new { value = UsersApiTests.Password } } });

        Assert.Equal(["password: Password has been used too recently"], response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"));
    }

    [Fact]
    public async Task Create_NextLoginChangePasswordMakesUserPasswordExpired()
    {
        using var api = new ManagementApiClient(Server);
        var (id, _) = await NewUserAsync(api, "?activate=true&nextLogin=changePassword");

        var user = await api.GetAsync("/api/v1/users/" + id);

        Assert.Equal("PASSWORD_EXPIRED", user["status"]);
        Assert.NotNull(user["passwordChanged"]);
    }

    [Fact]
    public async Task Create_UnknownNextLoginIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/users?nextLogin=nope", new { profile = new { login = "n@example.com" } });

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }
}
