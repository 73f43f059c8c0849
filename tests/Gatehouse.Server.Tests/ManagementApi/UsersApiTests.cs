using System.Net;
using System.Text.Json;

using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.ManagementApi;

/// <summary><c>/api/v1/users</c> (okta-reference.md §3): create, get by id or login, update, list, search, paging and errors.</summary>
[Collection(GatehouseServerGroup.Name)]
public sealed class UsersApiTests(GatehouseServerFixture fixture)
{
    public const string Password = "Correct-Horse-42";

    private GatehouseServer Server => fixture.Server;

    /// <summary>A new user with a unique login (and first name <paramref name="firstName"/>); returns the response.</summary>
    internal static Task<ApiResponse> CreateAsync(ManagementApiClient api, string tag, bool? activate = null, string? password = Password, string firstName = "Test")
    {
        var login = $"{tag}-{Guid.NewGuid():N}@example.com".ToLowerInvariant();
        object body = password is null
            ? new { profile = new { login, email = login, firstName, lastName = "User" } }
            : new { profile = new { login, email = login, firstName, lastName = "User" }, credentials = new { password = new { value = password } } };
        return api.PostAsync("/api/v1/users" + (activate is null ? string.Empty : $"?activate={(activate.Value ? "true" : "false")}"), body);
    }

    internal static string? Profile(ApiResponse response, string name) =>
        response.Json.GetProperty("profile").GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [Fact]
    public async Task Users_CreateWithPasswordIsActiveWithOktaShape()
    {
        using var api = new ManagementApiClient(Server);

        var created = await CreateAsync(api, "create");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.StartsWith("00u", created["id"], StringComparison.Ordinal);
        Assert.Equal(20, created["id"]!.Length);
        Assert.Equal("ACTIVE", created["status"]);
        Assert.Equal("Test", Profile(created, "firstName"));
        Assert.Equal("User", Profile(created, "lastName"));
        Assert.Equal(Profile(created, "login"), Profile(created, "email"));
        Assert.Equal(JsonValueKind.Object, created.Json.GetProperty("credentials").GetProperty("password").ValueKind);
        Assert.Equal("OKTA", created.Json.GetProperty("credentials").GetProperty("provider").GetProperty("type").GetString());
        Assert.Equal($"{Server.Origin}/api/v1/users/{created["id"]}", created.Json.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.DoesNotContain(Password, created.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_CreateWithActivateFalseIsStaged()
    {
        using var api = new ManagementApiClient(Server);

        var created = await CreateAsync(api, "staged", activate: false);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("STAGED", created["status"]);
    }

    [Fact]
    public async Task Users_CreateWithoutPasswordIsProvisioned()
    {
        using var api = new ManagementApiClient(Server);

        var created = await CreateAsync(api, "nopassword", activate: true, password: null);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("PROVISIONED", created["status"]);
        Assert.Equal(JsonValueKind.Null, created.Json.GetProperty("credentials").GetProperty("password").ValueKind);
    }

    [Fact]
    public async Task Users_CreateWithInvalidActivateIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/users?activate=maybe", new { profile = new { login = "x@example.com" } });

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
    }

    [Theory]
    [InlineData("short1A")]
    [InlineData("alllowercase1")]
    [InlineData("ALLUPPERCASE1")]
    [InlineData("NoDigitsHere")]
    public async Task Users_CreateWithWeakPasswordIs400E0000001WithoutEchoingIt(string password)
    {
        using var api = new ManagementApiClient(Server);

        var response = await CreateAsync(api, "weak", password: password);

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.NotEmpty(causes);
        Assert.All(causes, cause => Assert.StartsWith("password:", cause, StringComparison.Ordinal));
        Assert.DoesNotContain(password, response.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_CreateWithDuplicateLoginIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/users", new { profile = new { login = TestSeed.Alice.ToUpperInvariant(), email = "a@example.com", firstName = "A", lastName = "B" } });

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        Assert.Equal(["login: An object with this field already exists in the current organization"], causes);
    }

    [Fact]
    public async Task Users_CreateWithoutRequiredFieldsNamesEach()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/users", new { profile = new { locale = "en_US" } });

        var causes = response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001");
        foreach (var field in new[] { "login", "email", "firstName", "lastName" })
        {
            Assert.Contains($"{field}: The field cannot be left blank", causes);
        }
    }

    [Fact]
    public async Task Users_CreateWithInvalidEmailIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.PostAsync("/api/v1/users", new { profile = new { login = "bademail-user", email = "not an email", firstName = "A", lastName = "B" } });

        Assert.Contains("email: Does not match required pattern", response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1]")]
    [InlineData("{\"profile\": {\"login\": 7}}")]
    public async Task Users_CreateWithMalformedBodyIs400E0000003(string body)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(HttpMethod.Post, "/api/v1/users", body);

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000003");
    }

    [Fact]
    public async Task Users_GetByIdAndByLoginReturnTheSameUser()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "get");

        var byId = await api.GetAsync("/api/v1/users/" + created["id"]);
        var byLogin = await api.GetAsync("/api/v1/users/" + Uri.EscapeDataString(Profile(created, "login")!));

        Assert.Equal(HttpStatusCode.OK, byId.Status);
        Assert.Equal(created.Json.GetRawText(), byId.Json.GetRawText());
        Assert.Equal(created.Json.GetRawText(), byLogin.Json.GetRawText());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("DELETE", "/sessions")]
    [InlineData("POST", "/lifecycle/suspend")]
    public async Task Users_UnknownIdIs404E0000007(string method, string suffix)
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.SendAsync(new HttpMethod(method), "/api/v1/users/00unosuchuser0000000" + suffix, method is "POST" or "PUT" ? "{}" : null);

        response.AssertOktaError(HttpStatusCode.NotFound, "E0000007");
        Assert.Contains("00unosuchuser0000000 (User)", response["errorSummary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_PartialUpdateMergesProfile()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "partial");

        var updated = await api.PostAsync("/api/v1/users/" + created["id"], new { profile = new { firstName = "Renamed", locale = "fr_FR" } });

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("Renamed", Profile(updated, "firstName"));
        Assert.Equal("fr_FR", Profile(updated, "locale"));
        Assert.Equal("User", Profile(updated, "lastName"));
        Assert.Equal(Profile(created, "login"), Profile(updated, "login"));
        Assert.Equal("Renamed", Profile(await api.GetAsync("/api/v1/users/" + created["id"]), "firstName"));
    }

    [Fact]
    public async Task Users_FullUpdateReplacesProfileAndClearsOmittedAttributes()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "full");
        await api.PostAsync("/api/v1/users/" + created["id"], new { profile = new { locale = "fr_FR" } });
        var login = Profile(created, "login");

        var replaced = await api.PutAsync("/api/v1/users/" + created["id"], new { profile = new { login, email = login, firstName = "Full", lastName = "Replace" } });

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("Full", Profile(replaced, "firstName"));
        Assert.Null(Profile(replaced, "locale"));
    }

    [Fact]
    public async Task Users_FullUpdateWithoutRequiredFieldsIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "fullinvalid");

        var response = await api.PutAsync("/api/v1/users/" + created["id"], new { profile = new { firstName = "Only" } });

        Assert.Contains("login: The field cannot be left blank", response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"));
        Assert.Equal("Test", Profile(await api.GetAsync("/api/v1/users/" + created["id"]), "firstName"));
    }

    [Fact]
    public async Task Users_UpdateToAnotherUsersLoginIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "dupupdate");

        var response = await api.PostAsync("/api/v1/users/" + created["id"], new { profile = new { login = TestSeed.Bob } });

        Assert.Equal(["login: An object with this field already exists in the current organization"], response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"));
    }

    [Fact]
    public async Task Users_UpdateWithWeakPasswordIs400E0000001()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "weakupdate");

        var response = await api.PostAsync("/api/v1/users/" + created["id"], new { credentials = new { password = new { value = "weak" } } });

        Assert.All(response.AssertOktaError(HttpStatusCode.BadRequest, "E0000001"), cause => Assert.StartsWith("password:", cause, StringComparison.Ordinal));
        Assert.DoesNotContain("\"weak\"", response.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_ListWithQMatchesPrefixOfNames()
    {
        using var api = new ManagementApiClient(Server);
        var first = "Qprefix" + Guid.NewGuid().ToString("N")[..8];
        var created = await CreateAsync(api, "q", firstName: first);
        await CreateAsync(api, "q-other");

        var listed = await api.GetAsync("/api/v1/users?q=" + first[..12].ToLowerInvariant());

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal([created["id"]], listed.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Users_SearchByStatusAndProfileIsCaseInsensitive()
    {
        using var api = new ManagementApiClient(Server);
        var first = "Search" + Guid.NewGuid().ToString("N")[..8];
        var active = await CreateAsync(api, "search", firstName: first);
        var staged = await CreateAsync(api, "search", activate: false, firstName: first);

        var byStatus = await api.GetAsync($"/api/v1/users?search={Uri.EscapeDataString($"status eq \"staged\" and profile.firstName eq \"{first.ToUpperInvariant()}\"")}");
        var byFilter = await api.GetAsync($"/api/v1/users?filter={Uri.EscapeDataString($"profile.firstName sw \"{first.ToLowerInvariant()}\"")}");

        Assert.Equal([staged["id"]], byStatus.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()));
        Assert.Equal(new[] { active["id"], staged["id"] }.Order(), byFilter.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Users_SearchAndQOnIndexedNameColumnsIgnoreCaseAndEscapeWildcards()
    {
        using var api = new ManagementApiClient(Server);
        var lastName = "IdxLast" + Guid.NewGuid().ToString("N")[..8];
        var login = $"idx-{Guid.NewGuid():N}@example.com";
        var created = await api.PostAsync("/api/v1/users", new { profile = new { login, email = login, firstName = "IdxFirst", lastName } });
        string?[] expected = [created["id"]];

        async Task<IEnumerable<string?>> IdsAsync(string query)
        {
            var response = await api.GetAsync("/api/v1/users?" + query);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            return [.. response.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString())];
        }

        Task<IEnumerable<string?>> SearchAsync(string search) => IdsAsync("search=" + Uri.EscapeDataString(search));

        Assert.Equal(expected, await SearchAsync($"profile.lastName eq \"{lastName.ToUpperInvariant()}\""));
        Assert.Equal(expected, await SearchAsync($"profile.login eq \"{login.ToUpperInvariant()}\""));
        Assert.Equal(expected, await SearchAsync($"profile.email sw \"{login[..20].ToUpperInvariant()}\""));
        Assert.Equal(expected, await SearchAsync($"profile.lastName co \"{lastName[3..12].ToLowerInvariant()}\""));
        // Under a case-sensitive comparison "idxlast…" > "IDXLAST…" and this range would be empty.
        Assert.Equal(expected, await SearchAsync(
            $"profile.lastName ge \"{lastName.ToLowerInvariant()}\" and profile.lastName le \"{lastName.ToUpperInvariant()}\""));
        Assert.Equal(expected, await IdsAsync("q=" + lastName.ToUpperInvariant()));
        Assert.Equal(expected, await IdsAsync("q=" + Uri.EscapeDataString(login[..20].ToUpperInvariant())));
        // LIKE's wildcards in the operand are literal characters.
        Assert.Empty(await IdsAsync("q=" + Uri.EscapeDataString("_" + lastName[1..])));
        Assert.Empty(await SearchAsync($"profile.lastName sw \"%{lastName[1..]}\""));
    }

    [Fact]
    public async Task Users_InvalidSearchIs400E0000031()
    {
        using var api = new ManagementApiClient(Server);

        var response = await api.GetAsync("/api/v1/users?search=" + Uri.EscapeDataString("profile.password eq \"x\""));

        response.AssertOktaError(HttpStatusCode.BadRequest, "E0000031");
    }

    [Fact]
    public async Task Users_ListPagesWithLinkHeaders()
    {
        using var api = new ManagementApiClient(Server);
        var first = "Page" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var index = 0; index < 3; index++)
        {
            ids.Add((await CreateAsync(api, "page", firstName: first))["id"]!);
        }

        var search = Uri.EscapeDataString($"profile.firstName eq \"{first}\"");
        var page1 = await api.GetAsync($"/api/v1/users?limit=2&search={search}");
        var next = ManagementApiClient.Link(page1, "next");
        Assert.NotNull(next);
        Assert.NotNull(ManagementApiClient.Link(page1, "self"));
        var page2 = await api.GetAsync(next);

        Assert.Equal(2, page1.Json.GetArrayLength());
        Assert.Equal(1, page2.Json.GetArrayLength());
        Assert.Null(ManagementApiClient.Link(page2, "next"));
        Assert.Equal(ids.Order(StringComparer.Ordinal),
            page1.Json.EnumerateArray().Concat(page2.Json.EnumerateArray()).Select(user => user.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Users_ListWithoutSearchOmitsDeprovisionedUsers()
    {
        using var api = new ManagementApiClient(Server);
        var created = await CreateAsync(api, "listdeprov");
        await api.PostAsync($"/api/v1/users/{created["id"]}/lifecycle/deactivate", new { });

        var listed = await api.GetAsync("/api/v1/users");
        var searched = await api.GetAsync("/api/v1/users?search=" + Uri.EscapeDataString($"id eq \"{created["id"]}\""));

        Assert.DoesNotContain(created["id"], listed.Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()));
        Assert.Equal("DEPROVISIONED", Assert.Single(searched.Json.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Users_ReadOnlyAdminCannotCreate()
    {
        using var api = new ManagementApiClient(Server, TestSeed.ReadOnlyApiToken);

        var response = await CreateAsync(api, "readonly");

        response.AssertOktaError(HttpStatusCode.Forbidden, "E0000006");
    }
}
