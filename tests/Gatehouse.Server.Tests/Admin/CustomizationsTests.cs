using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.SystemLog;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>
/// Customizations: the hosted pages' brand, changed in the console by super admins only, validated strictly, served
/// from Gatehouse's own origin under a CSP that lets no style, image or font come from (or go to) another origin.
/// </summary>
public sealed partial class CustomizationsTests(AdminConsoleServer fixture) : IClassFixture<AdminConsoleServer>
{
    private const string PagePath = "/admin/customizations";

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private GatehouseServer Server => fixture.Server;

    [Theory]
    [InlineData("/signin?returnUrl=%2F")]
    [InlineData("/signin/change-password")]
    [InlineData("/reset_password/not-a-token")]
    public async Task HostedPages_CspKeepsStylesImagesAndFontsToTheirOwnOrigin(string path)
    {
        using var http = Server.CreateClient();

        using var response = await http.GetAsync(path);

        var csp = Directives(response);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'self'", csp["img-src"]);
        Assert.Equal("'self'", csp["font-src"]);
        var styleSources = csp["style-src"].Split(' ');
        Assert.Equal("'self'", styleSources[0]);
        Assert.Matches("^'nonce-[0-9a-f]{32}'$", Assert.Single(styleSources[1..]));
        // No host, scheme or wildcard anywhere: a stylesheet's url() can reach this origin only.
        Assert.All(csp.Values.SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            source => Assert.StartsWith("'", source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SuperAdmin_ChangesTheBrand_TheSignInPageShowsItFromItsOwnOrigin()
    {
        var since = LogsApi.Now(Server);
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        const string css = "input[name=\"__csrf\"][value^=\"a\"] { background: url(/brand-probe-a); } .brand { letter-spacing: .1em; }";

        var saved = await PostAsync(browser, new() { ["Input.DisplayName"] = "Acme Corp", ["Input.PrimaryColor"] = "#AA11BB", ["Input.CustomCss"] = css }, Png);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(PagePath + "?saved=true", saved.Headers.Location!.OriginalString);
        var logoHash = Convert.ToHexStringLower(SHA256.HashData(Png))[..32];
        var cssHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..32];
        using var anonymous = Server.CreateClient();
        var signIn = await anonymous.GetStringAsync("/signin?returnUrl=%2F");
        Assert.Contains("<span id=\"brand-name\">Acme Corp</span>", signIn, StringComparison.Ordinal);
        Assert.Contains("<title>Sign In · Acme Corp</title>", signIn, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/brand/theme/aa11bb.css\" id=\"brand-theme\" />", signIn, StringComparison.Ordinal);
        Assert.Contains($"<img src=\"/brand/logo/{logoHash}\"", signIn, StringComparison.Ordinal);
        Assert.Contains($"<link rel=\"stylesheet\" href=\"/brand/css/{cssHash}.css\" id=\"brand-css\" />", signIn, StringComparison.Ordinal);
        // The custom CSS is a stylesheet of this origin, never inlined into the page.
        Assert.DoesNotContain("brand-probe-a", signIn, StringComparison.Ordinal);

        using var logo = await anonymous.GetAsync($"/brand/logo/{logoHash}");
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", logo.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", logo.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var stylesheet = await anonymous.GetAsync($"/brand/css/{cssHash}.css");
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType!.MediaType);
        Assert.Equal(css, await stylesheet.Content.ReadAsStringAsync());
        Assert.Equal(":root { --brand-primary: #aa11bb; }\n", await anonymous.GetStringAsync("/brand/theme/aa11bb.css"));

        // The console shows it too, with the preview.
        var console = await browser.Http.GetStringAsync(PagePath);
        Assert.Contains("<span id=\"preview-name\">Acme Corp</span>", console, StringComparison.Ordinal);
        Assert.Contains($"src=\"/brand/logo/{logoHash}\"", console, StringComparison.Ordinal);

        using var api = new ManagementApiClient(Server);
        var logEvent = await LogsApi.SingleAsync(api, since, "org.brand.update", "outcome.result eq \"SUCCESS\"");
        Assert.Equal(TestSeed.Alice, logEvent.Text("actor", "alternateId"));
        Assert.Equal("Org", logEvent.GetProperty("target")[0].Text("type"));
        Assert.Equal("displayName,primaryColor,customCss,logo", logEvent.Text("debugContext", "debugData", "changedAttributes"));
    }

    [Fact]
    public async Task SuperAdmin_ReplacesAndRemovesTheLogo_OldUrlsStopServing()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01 };
        await PostAsync(browser, [], Png);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(browser, [], jpeg, fileName: "logo.png", contentType: "image/png")).StatusCode);

        using var anonymous = Server.CreateClient();
        var signIn = await anonymous.GetStringAsync("/signin?returnUrl=%2F");
        var logoUrl = LogoUrl().Match(signIn).Groups[1].Value;
        using var logo = await anonymous.GetAsync(logoUrl);
        Assert.Equal("image/jpeg", logo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/brand/logo/{Convert.ToHexStringLower(SHA256.HashData(Png))[..32]}")).StatusCode);

        await PostAsync(browser, new() { ["Input.RemoveLogo"] = "true" });
        Assert.DoesNotContain("/brand/logo/", await anonymous.GetStringAsync("/signin?returnUrl=%2F"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(logoUrl)).StatusCode);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345g")]
    [InlineData("#1234567")]
    [InlineData("#123")]
    [InlineData("#123456;}body{background:url(https://evil.example/x)}")]
    [InlineData("#123456\n}")]
    [InlineData("rgb(1,2,3)")]
    public async Task PrimaryColor_OtherThanHexRrggbb_IsRefusedWithAMessage(string color)
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);

        var name = "Refused " + Guid.NewGuid().ToString("N");

        var response = await PostAsync(browser, new() { ["Input.PrimaryColor"] = color, ["Input.DisplayName"] = name });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("primaryColor: Primary color must be a hex color such as #1d4ed8.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await Server.CreateClient().GetStringAsync("/signin?returnUrl=%2F"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("svg", "image/svg+xml", "logo: The logo must be a PNG or JPEG image.")]
    [InlineData("text-as-png", "image/png", "logo: The logo must be a PNG or JPEG image.")]
    [InlineData("too-large", "image/png", "logo: The logo must be at most 100 KB.")]
    public async Task Logo_ThatIsNotASmallPngOrJpegByContent_IsRefused(string kind, string contentType, string message)
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        var content = kind switch
        {
            "svg" => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
            "text-as-png" => Encoding.UTF8.GetBytes("not an image at all"),
            _ => [.. Png, .. new byte[100 * 1024]],
        };

        var response = await PostAsync(browser, [], content, fileName: "logo." + (kind == "svg" ? "svg" : "png"), contentType: contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyAdmin_SeesTheBrandAndItsCssButCannotChangeThem()
    {
        using (var alice = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword))
        {
            await PostAsync(alice, new() { ["Input.DisplayName"] = "Read Only Check", ["Input.CustomCss"] = ".brand { color: #000000; }" });
        }

        using var bob = await SignInAsync(TestSeed.Bob, TestSeed.BobPassword);
        var page = await bob.Http.GetStringAsync(PagePath);

        Assert.Contains("only a super admin can change it", page, StringComparison.Ordinal);
        Assert.Contains(".brand { color: #000000; }</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("<fieldset disabled=\"disabled\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"brand-save\"", page, StringComparison.Ordinal);

        var refused = await PostAsync(bob, new() { ["Input.DisplayName"] = "Bob Was Here", ["Input.CustomCss"] = "body { display: none; }" });

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/admin/forbidden", refused.Headers.Location!.AbsolutePath);
        var signIn = await Server.CreateClient().GetStringAsync("/signin?returnUrl=%2F");
        Assert.Contains("Read Only Check", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob Was Here", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutTheAntiforgeryToken_IsRejectedAndChangesNothing()
    {
        using var browser = await SignInAsync(TestSeed.Alice, TestSeed.AlicePassword);
        using var form = new MultipartFormDataContent { { new StringContent("Forged Brand"), "Input.DisplayName" } };

        var forged = await browser.Http.PostAsync(PagePath, form);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("Forged Brand", await Server.CreateClient().GetStringAsync("/signin?returnUrl=%2F"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_CannotOpenThePage()
    {
        using var http = Server.CreateClient();

        var response = await http.GetAsync(PagePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Server.Origin + "/oauth2/v1/authorize", response.Headers.Location!.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData("/brand/theme/red.css")]
    [InlineData("/brand/theme/12345g.css")]
    [InlineData("/brand/logo/0123456789abcdef0123456789abcdef")]
    [InlineData("/brand/css/0123456789abcdef0123456789abcdef.css")]
    public async Task BrandFiles_ThatDoNotExist_AreNotFound(string path)
    {
        using var http = Server.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Browser> SignInAsync(string username, string password)
    {
        var browser = new Browser(Server);
        var page = await browser.FollowAsync(await browser.Http.GetAsync("/admin"), username, password);
        Assert.Equal(HttpStatusCode.OK, page.PageStatus);
        return browser;
    }

    /// <summary>Posts the form as the browser would: multipart, with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostAsync(
        Browser browser, Dictionary<string, string> fields, byte[]? logo = null, string fileName = "logo.png", string contentType = "image/png")
    {
        var page = await browser.Http.GetStringAsync(PagePath);
        using var form = new MultipartFormDataContent { { new StringContent(Browser.HiddenInput(page, "__csrf")), "__csrf" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (logo is not null)
        {
            var file = new ByteArrayContent(logo);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "Input.Logo", fileName);
        }

        return await browser.Http.PostAsync(PagePath, form);
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response)
    {
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        return policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.Ordinal);
    }

    [GeneratedRegex("<img src=\"(/brand/logo/[0-9a-f]+)\"")]
    private static partial Regex LogoUrl();
}
