using System.Net;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.SystemLog;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>
/// What a new Okta admin expects besides the basics: "Expire password" on a person's page (the rule of
/// <c>lifecycle/expire_password</c>), and a group's people paged like the People list.
/// </summary>
public sealed partial class PeopleAndGroupsGapsTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private GatehouseServer Server => fixture.Server;

    [Fact]
    public async Task ExpirePassword_UsesTheApisRuleAndEventType()
    {
        using var browser = await SignInAsync();
        using var api = new ManagementApiClient(Server);
        var withPassword = (await api.PostAsync("/api/v1/users?activate=true", new
        {
            profile = new { login = "pia@example.com", email = "pia@example.com", firstName = "Pia", lastName = "Pike" },
            credentials = new { password = new { value = "Copper-Kettle-2026" } },
        }))["id"]!;
        var withoutPassword = (await api.PostAsync("/api/v1/users?activate=true", new
        {
            profile = new { login = "noel@example.com", email = "noel@example.com", firstName = "Noel", lastName = "Nash" },
        }))["id"]!;
        var since = LogsApi.Now(Server);

        var offered = await browser.Http.GetStringAsync($"/admin/users/{withPassword}");
        var confirm = await browser.Http.GetStringAsync($"/admin/users/{withPassword}/lifecycle/expire_password");
        var expired = await PostFormAsync(browser, $"/admin/users/{withPassword}/lifecycle/expire_password", []);
        var refused = await PostFormAsync(browser, $"/admin/users/{withoutPassword}/lifecycle/expire_password", []);

        Assert.Contains("id=\"op-expire_password\"", offered, StringComparison.Ordinal);
        Assert.Contains("must choose a new password the next time they sign in", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.Equal($"/admin/users/{withPassword}?done=expire_password", expired.Headers.Location!.OriginalString);
        Assert.Equal("PASSWORD_EXPIRED", (await api.GetAsync($"/api/v1/users/{withPassword}"))["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Cannot expire the password of a user that is not active or has no password", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("PROVISIONED", (await api.GetAsync($"/api/v1/users/{withoutPassword}"))["status"]);
        var types = (await LogsApi.EventsAsync(api, ("since", since), ("filter", $"target.id eq \"{withPassword}\"")))
            .Select(logged => logged.Text("eventType"));
        Assert.Contains("user.account.expire_password", types);
    }

    [Fact]
    public async Task GroupPage_PagesThroughItsPeopleLikeThePeopleList()
    {
        using var browser = await SignInAsync();
        using var api = new ManagementApiClient(Server);
        var group = (await api.PostAsync("/api/v1/groups", new { profile = new { name = "Big Group" } }))["id"]!;
        var count = Gatehouse.Server.Areas.Admin.Pages.Groups.DetailsModel.MembersPageSize + 1;
        for (var i = 0; i < count; i++)
        {
            var login = $"member{i:D3}@example.com";
            var id = (await api.PostAsync("/api/v1/users?activate=false", new
            {
                profile = new { login, email = login, firstName = "Member", lastName = i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) },
            }))["id"]!;
            Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsync($"/api/v1/groups/{group}/users/{id}")).Status);
        }

        var first = await browser.Http.GetStringAsync($"/admin/groups/{group}");
        var next = WebUtility.HtmlDecode(NextPage().Match(first).Groups[1].Value);
        var second = await browser.Http.GetStringAsync(next);

        var shown = RemoveLinks().Matches(first).Select(match => match.Groups[1].Value)
            .Concat(RemoveLinks().Matches(second).Select(match => match.Groups[1].Value)).ToList();
        Assert.Equal(count - 1, RemoveLinks().Count(first));
        Assert.StartsWith($"/admin/groups/{group}?after=", next, StringComparison.Ordinal);
        Assert.Single(RemoveLinks().Matches(second));
        Assert.DoesNotMatch(NextPage(), second);
        Assert.Equal(count, shown.Distinct(StringComparer.Ordinal).Count());
    }

    private async Task<Browser> SignInAsync()
    {
        var browser = new Browser(Server);
        await browser.FollowAsync(await browser.Http.GetAsync("/admin"), TestSeed.Alice, TestSeed.AlicePassword);
        return browser;
    }

    /// <summary>Loads the confirm page for its antiforgery token, then posts it.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(Browser browser, string page, Dictionary<string, string> form)
    {
        var html = await browser.Http.GetStringAsync(page);
        form["__csrf"] = Browser.HiddenInput(html, "__csrf");
        return await browser.Http.PostAsync(page, new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("id=\"next-page\" href=\"([^\"]+)\"")]
    private static partial Regex NextPage();

    [GeneratedRegex("aria-label=\"Remove (member\\d+@example\\.com) from")]
    private static partial Regex RemoveLinks();
}
