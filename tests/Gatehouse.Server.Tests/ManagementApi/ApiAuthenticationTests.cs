using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary>
/// <c>/api/v1</c> authentication and authorization (okta-reference.md §3): <c>SSWS</c> tokens, revocation, admin
/// roles, and Okta's error shape for every refusal, unknown route and method.
/// </summary>
[Collection(GatehouseServerGroup.Name)]
public sealed partial class ApiAuthenticationTests(GatehouseServerFixture fixture)
{
    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData(null)]
    [InlineData("00Tnot-a-real-token-value-000000000000000")]
    [InlineData("")]
    public async Task Api_MissingOrUnknownTokenIs401InvalidToken(string? token)
    {
        using var api = new ManagementApiClient(Server, token);

        var response = await api.GetAsync("/api/v1/groups");

        response.AssertOktaError(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task Api_BearerSchemeIsNotAnApiToken()
    {
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestSeed.ApiToken);

        var response = await http.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("E0000011", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_RevokedTokenIs401InvalidToken()
    {
        var token = await AddTokenAsync(TestSeed.Alice, revoked: true);
        using var api = new ManagementApiClient(Server, token);

        var response = await api.GetAsync("/api/v1/groups");

        response.AssertOktaError(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task Api_TokenOfUserWithoutAdminRoleIs403Forbidden()
    {
        var login = $"plain-{Guid.NewGuid():N}@example.com";
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
            Assert.True((await users.CreateAsync(new GatehouseUser { UserName = login, Email = login })).Succeeded);
        }

        using var api = new ManagementApiClient(Server, await AddTokenAsync(login, revoked: false));

        var response = await api.GetAsync("/api/v1/groups");

        response.AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deprovisioned)]
    public async Task Api_TokenOfInactiveAdminIs401InvalidToken(UserStatus status)
    {
        var login = $"admin-{Guid.NewGuid():N}@example.com";
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
            var user = new GatehouseUser { UserName = login, Email = login };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, AdminRoles.SuperAdmin)).Succeeded);
        }

        using var api = new ManagementApiClient(Server, await AddTokenAsync(login, revoked: false));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/groups")).Status);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
            var user = await users.FindByNameAsync(login);
            user!.Status = status;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        var response = await api.GetAsync("/api/v1/groups");

        response.AssertOktaError(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task Api_ReadOnlyAdminMayRead()
    {
        using var api = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);

        var response = await api.GetAsync("/api/v1/groups");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Api_ReadOnlyAdminWritingIs403Forbidden()
    {
        using var api = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);

        var response = await api.PostAsync("/api/v1/groups", new { profile = new { name = "ReadOnly-" + Guid.NewGuid().ToString("N") } });

        response.AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }

    [Fact]
    public async Task Api_TokenUseIsRecorded()
    {
        using var api = new ManagementApiClient(Server);
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = Server.Clock.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/groups")).Status);

        Assert.Equal(before, await LastUsedAsync());
    }

    private async Task<DateTimeOffset?> LastUsedAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        return (await database.ApiTokens.SingleAsync(candidate => candidate.Name == "tests")).LastUsed;
    }

    [Fact]
    public async Task Api_TokenUseIsRecordedToTheMinute()
    {
        using var api = new ManagementApiClient(Server);
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/groups")).Status);
        var recorded = await LastUsedAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/groups")).Status);

        Assert.Equal(recorded, await LastUsedAsync());
    }

    [Fact]
    public async Task Api_UnknownRouteIs404NotFound()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/no-such-resource");

        response.AssertOktaError(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task Api_UnsupportedMethodIs405()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Patch, "/api/v1/groups", "{}");

        response.AssertOktaError(HttpStatusCode.MethodNotAllowed, "E0000022");
    }

    [Fact]
    public async Task Api_DatesHaveMillisecondsAndZ()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/groups?search=" + Uri.EscapeDataString("type eq \"BUILT_IN\""));

        var everyone = Assert.Single(response.Json.EnumerateArray());
        Assert.Matches(OktaDate(), everyone.GetProperty("created").GetString());
        Assert.Matches(OktaDate(), everyone.GetProperty("lastUpdated").GetString());
    }

    private async Task<string> AddTokenAsync(string login, bool revoked)
    {
        var value = "00T" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        await using var scope = Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
        var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
        var user = await users.FindByNameAsync(login) ?? throw new InvalidOperationException(login);
        database.ApiTokens.Add(new ApiToken
        {
            Name = "test-" + Guid.NewGuid().ToString("N"),
            UserId = user.Id,
            TokenHash = scope.ServiceProvider.GetRequiredService<SecretHasher>().Hash(value),
            Created = Server.Clock.GetUtcNow(),
            Revoked = revoked ? Server.Clock.GetUtcNow() : null,
        });
        await database.SaveChangesAsync();
        return value;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex OktaDate();
}
