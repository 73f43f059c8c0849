using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.SystemLog;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>
/// The console's People and Groups pages: the same rules and messages as /api/v1/users and /api/v1/groups, super
/// admins only for changes, CSRF on every form, and every change in the System Log with the API's event type.
/// </summary>
public sealed partial class DirectoryConsoleTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task ReadOnlyAdmin_SeesPeopleAndGroupsButCannotChangeThem()
    {
        using var browser = await SignInAsync(TestSeed.Bob, TestSeed.BobPassword);
        using var api = new ManagementApiClient(Server);
        var carol = await UserIdAsync(api, AdminConsoleServer.Carol);

        var people = await browser.Http.GetStringAsync("/admin/users");
        var create = await PostFormAsync(browser, "/admin/groups", "/admin/users/create", Person("ro-made@example.com", "Rowan", "Made"));
        var confirm = await browser.Http.GetStringAsync($"/admin/users/{carol}/lifecycle/suspend");
        var suspend = await PostFormAsync(browser, $"/admin/users/{carol}/lifecycle/suspend", $"/admin/users/{carol}/lifecycle/suspend", []);
        var group = await PostFormAsync(browser, "/admin/groups", "/admin/groups", new() { ["Name"] = "Read Only Made" });

        Assert.Contains(AdminConsoleServer.Carol, people, StringComparison.Ordinal);
        Assert.Contains("Suspend Carol Clerk", confirm, StringComparison.Ordinal);
        foreach (var refused in new[] { create, suspend, group })
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/admin/forbidden", PathOf(refused));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/users/ro-made@example.com")).Status);
        Assert.Equal("ACTIVE", (await api.GetAsync($"/api/v1/users/{carol}"))["status"]);
        Assert.Empty((await api.GetAsync("/api/v1/groups?q=Read%20Only%20Made")).Json.EnumerateArray());
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRejectedAndChangesNothing()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var carol = await UserIdAsync(api, AdminConsoleServer.Carol);

        var group = await browser.Http.PostAsync("/admin/groups", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "Forged Group" }));
        var suspend = await browser.Http.PostAsync($"/admin/users/{carol}/lifecycle/suspend", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, group.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, suspend.StatusCode);
        Assert.Empty((await api.GetAsync("/api/v1/groups?q=Forged")).Json.EnumerateArray());
        Assert.Equal("ACTIVE", (await api.GetAsync($"/api/v1/users/{carol}"))["status"]);
    }

    [Fact]
    public async Task CreatePerson_ShowsTheApisValidationMessages()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);

        var blank = await PostFormAsync(browser, "/admin/users/create", "/admin/users/create", Person("", "", "", email: "not-an-email"));
        var taken = await PostFormAsync(browser, "/admin/users/create", "/admin/users/create",
            Person(TestSeed.Alice.ToUpperInvariant(), "Again", "Alice", password: "short"));

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var blankPage = WebUtility.HtmlDecode(await blank.Content.ReadAsStringAsync());
        Assert.Contains("login: The field cannot be left blank", blankPage, StringComparison.Ordinal);
        Assert.Contains("firstName: The field cannot be left blank", blankPage, StringComparison.Ordinal);
        Assert.Contains("email: Does not match required pattern", blankPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var takenPage = WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync());
        Assert.Contains("login: An object with this field already exists in the current organization", takenPage, StringComparison.Ordinal);
        Assert.Contains("password: Password requirements were not met", takenPage, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"short\"", takenPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePerson_WithAPassword_IsActiveAndRecordedAsTheApiWould()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);

        var created = await PostFormAsync(browser, "/admin/users/create", "/admin/users/create",
            Person("dana@example.com", "Dana", "Dunn", password: "Lantern-Harbor-77"));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var user = await api.GetAsync("/api/v1/users/dana@example.com");
        Assert.Equal("ACTIVE", user["status"]);
        Assert.Equal($"/admin/users/{user["id"]}", PathOf(created));
        var logged = await LogsApi.SingleAsync(api, since, "user.lifecycle.create", $"target.id eq \"{user["id"]}\"");
        Assert.Equal(TestSeed.Alice, logged.Text("actor", "alternateId"));
    }

    [Fact]
    public async Task CreatePerson_WithoutAPassword_ShowsAOneTimeSetPasswordLinkThatOpensTheResetPage()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);

        var created = await PostFormAsync(browser, "/admin/users/create", "/admin/users/create", Person("erin@example.com", "Erin", "Eve"));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var link = LinkIn(await created.Content.ReadAsStringAsync());
        Assert.StartsWith(Server.Origin + "/reset_password/", link, StringComparison.Ordinal);
        Assert.Equal("PROVISIONED", (await api.GetAsync("/api/v1/users/erin@example.com"))["status"]);
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Lifecycle_SuspendResetDeactivateDelete_UsesTheApisRulesAndEventTypes()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var created = await api.PostAsync("/api/v1/users?activate=true", new
        {
            profile = new { login = "finn@example.com", email = "finn@example.com", firstName = "Finn", lastName = "Fox" },
            credentials = new { password = new { value = "Copper-Kettle-2026" } },
        });
        var id = created["id"]!;
        var since = LogsApi.Now(Server);

        var suspend = await PostFormAsync(browser, $"/admin/users/{id}/lifecycle/suspend", $"/admin/users/{id}/lifecycle/suspend", []);
        Assert.Equal($"/admin/users/{id}", PathOf(suspend));
        Assert.Equal("SUSPENDED", (await api.GetAsync($"/api/v1/users/{id}"))["status"]);

        // Suspending again: the API's rule and message.
        var again = await PostFormAsync(browser, $"/admin/users/{id}/lifecycle/suspend", $"/admin/users/{id}/lifecycle/suspend", []);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Cannot suspend a user that is not active", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unsuspend = await PostFormAsync(browser, $"/admin/users/{id}", $"/admin/users/{id}/lifecycle/unsuspend", []);
        Assert.Equal($"/admin/users/{id}", PathOf(unsuspend));
        var reset = await PostFormAsync(browser, $"/admin/users/{id}/lifecycle/reset_password", $"/admin/users/{id}/lifecycle/reset_password", []);
        Assert.StartsWith(Server.Origin + "/reset_password/", LinkIn(await reset.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("RECOVERY", (await api.GetAsync($"/api/v1/users/{id}"))["status"]);

        // Two steps, as the API: the first delete deactivates, the second deletes.
        await PostFormAsync(browser, $"/admin/users/{id}/lifecycle/deactivate", $"/admin/users/{id}/lifecycle/deactivate", []);
        Assert.Equal("DEPROVISIONED", (await api.GetAsync($"/api/v1/users/{id}"))["status"]);
        var deleted = await PostFormAsync(browser, $"/admin/users/{id}/lifecycle/delete", $"/admin/users/{id}/lifecycle/delete", []);
        Assert.Equal("/admin/users", PathOf(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/users/{id}")).Status);

        var types = (await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{id}\""), ("sortOrder", "ASCENDING")))
            .Select(logged => logged.Text("eventType")).ToList();
        Assert.Equal(
            ["user.lifecycle.suspend", "user.lifecycle.unsuspend", "user.account.reset_password", "user.lifecycle.deactivate", "user.lifecycle.delete.initiated"],
            types.Where(type => !type.StartsWith("user.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Groups_CreateRenameMembersDelete_UseTheApisRulesAndEventTypes()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var since = LogsApi.Now(Server);

        var duplicate = await PostFormAsync(browser, "/admin/groups", "/admin/groups", new() { ["Name"] = "engineering" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("name: An object with this field already exists in the current organization", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await PostFormAsync(browser, "/admin/groups", "/admin/groups", new() { ["Name"] = "Sales", ["Description"] = "Sellers" });
        var path = PathOf(created);
        var id = path.Split('/')[^1];
        var renamed = await PostFormAsync(browser, path, path + "?handler=Rename", new() { ["Name"] = "Sales EMEA", ["Description"] = "" });
        var added = await PostFormAsync(browser, path, path + "?handler=AddMember", new() { ["Member"] = TestSeed.Bob });
        var unknown = await PostFormAsync(browser, path, path + "?handler=AddMember", new() { ["Member"] = "nobody@example.com" });

        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("Sales EMEA", (await api.GetAsync($"/api/v1/groups/{id}")).Json.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var bob = await UserIdAsync(api, TestSeed.Bob);
        Assert.Contains(bob, (await api.GetAsync($"/api/v1/groups/{id}/users")).Json.EnumerateArray().Select(user => user.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("No person has the username nobody@example.com", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await PostFormAsync(browser, $"{path}/members/{bob}/remove", $"{path}/members/{bob}/remove", []);
        Assert.Empty((await api.GetAsync($"/api/v1/groups/{id}/users")).Json.EnumerateArray());
        var deleted = await PostFormAsync(browser, $"{path}/delete", $"{path}/delete", []);
        Assert.Equal("/admin/groups", PathOf(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/groups/{id}")).Status);

        var types = (await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{id}\""), ("sortOrder", "ASCENDING")))
            .Select(logged => logged.Text("eventType")).ToList();
        Assert.Equal(["group.lifecycle.create", "group.profile.update", "group.user_membership.add", "group.user_membership.remove", "group.lifecycle.delete"], types);
    }

    [Fact]
    public async Task EveryoneGroup_CannotBeRenamedDeletedOrHaveMembersRemoved()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var api = new ManagementApiClient(Server);
        var everyone = (await api.GetAsync("/api/v1/groups?q=Everyone")).Json.EnumerateArray().Single().GetProperty("id").GetString()!;
        var bob = await UserIdAsync(api, TestSeed.Bob);
        var path = $"/admin/groups/{everyone}";

        var page = await browser.Http.GetStringAsync(path);
        var rename = await PostFormAsync(browser, "/admin/groups", path + "?handler=Rename", new() { ["Name"] = "Nobody" });
        var delete = await browser.Http.GetAsync(path + "/delete");
        var remove = await browser.Http.GetAsync($"{path}/members/{bob}/remove");

        Assert.Contains("Everyone is built in", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Rename", page, StringComparison.Ordinal);
        Assert.Contains(TestSeed.Bob, page, StringComparison.Ordinal);
        foreach (var refused in new[] { rename, delete, remove })
        {
            Assert.Equal("/admin/forbidden", PathOf(refused));
        }

        Assert.Equal("Everyone", (await api.GetAsync($"/api/v1/groups/{everyone}")).Json.GetProperty("profile").GetProperty("name").GetString());
    }

    [Fact]
    public async Task PeopleList_SearchesAsTheApiAndShowsItsErrorForABadExpression()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);

        var byPrefix = await browser.Http.GetStringAsync("/admin/users?q=bob");
        var byExpression = await browser.Http.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString("profile.lastName eq \"Anders\""));
        var invalid = await browser.Http.GetStringAsync("/admin/users?search=" + Uri.EscapeDataString("profile.lastName = 1"));

        Assert.Contains(TestSeed.Bob, byPrefix, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSeed.Alice + "</td>", byPrefix, StringComparison.Ordinal);
        Assert.Contains(TestSeed.Alice + "</td>", byExpression, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSeed.Bob + "</td>", byExpression, StringComparison.Ordinal);
        Assert.Contains("Invalid search criteria", invalid, StringComparison.Ordinal);
    }

    private async Task<Browser> SignInAsync(string username, string password)
    {
        var browser = new Browser(Server);
        await browser.FollowAsync(await browser.Http.GetAsync("/admin"), username, password);
        return browser;
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the form to <paramref name="action"/>.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(Browser browser, string formPage, string action, Dictionary<string, string> form)
    {
        var page = await browser.Http.GetAsync(formPage);
        var html = await page.Content.ReadAsStringAsync();
        form["__csrf"] = Browser.HiddenInput(html, "__csrf");
        return await browser.Http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> Person(string login, string first, string last, string? email = null, string? password = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Input.Login"] = login,
            ["Input.Email"] = email ?? login,
            ["Input.FirstName"] = first,
            ["Input.LastName"] = last,
            ["Input.Activate"] = "true",
            ["Input.PasswordChoice"] = password is null ? "link" : "set",
        };
        if (password is not null)
        {
            form["Input.Password"] = password;
        }

        return form;
    }

    private static async Task<string> UserIdAsync(ManagementApiClient api, string login) => (await api.GetAsync($"/api/v1/users/{login}"))["id"]!;

    private static string LinkIn(string html) => WebUtility.HtmlDecode(OneTimeLink().Match(html).Groups[1].Value);

    /// <summary>The path a redirect leads to (the console answers relative locations).</summary>
    private static string PathOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{response.StatusCode}: no redirect.");
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
    }

    [GeneratedRegex("<code id=\"(?:set-password-link|reset-link)\">([^<]+)</code>")]
    private static partial Regex OneTimeLink();
}
