using Gatehouse.Server.Apps;
using Gatehouse.Server.ManagementApi.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>
/// The wizard's second step: name, grant types, sign-in and sign-out redirect URIs, controlled access. Saved with
/// <see cref="AppService"/>, the rules of <c>POST /api/v1/apps</c>.
/// </summary>
internal sealed class NewModel(AppService apps, GatehouseDbContext database) : AdminPageModel
{
    public AppType Type { get; private set; } = AppType.All[0];

    [BindProperty]
    public NewAppInput Input { get; set; } = new();

    public IReadOnlyList<GrantChoice> AllowedGrants => GrantChoice.For(Type.Value);

    public List<(string Id, string Name)> Groups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string type)
    {
        if (AppType.Find(type) is not { } found)
        {
            return NotFound();
        }

        Type = found;
        Input = new NewAppInput
        {
            RedirectUris = found.DefaultRedirectUri,
            SignOutRedirectUris = found.DefaultSignOutUri,
            GrantTypes = [.. GrantChoice.For(found.Value).Where(grant => grant.Required).Select(grant => grant.Value)],
        };
        await LoadGroupsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type)
    {
        if (AppType.Find(type) is not { } found)
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync())
        {
            return ForbidAdmin();
        }

        Type = found;
        await LoadGroupsAsync();
        var service = found.Value == "service";
        if (!service && Input.Access is not ("everyone" or "groups" or "skip"))
        {
            Errors.Add("Controlled access: choose who may use the app.");
        }

        if (!service && Input.Access == "groups" && Input.GroupIds.Count == 0)
        {
            Errors.Add("Controlled access: select at least one group, or choose another option.");
        }

        var body = new AppBody
        {
            Name = AppValidator.AppName,
            Label = Input.Name,
            SignOnMode = AppValidator.SignOnMode,
            Settings = new AppSettingsBody
            {
                OauthClient = new OAuthClientSettingsBody
                {
                    ApplicationType = found.Value,
                    GrantTypes = [.. Input.GrantTypes.Distinct()],
                    RedirectUris = service ? [] : [.. Lines(Input.RedirectUris)],
                    PostLogoutRedirectUris = service ? [] : [.. Lines(Input.SignOutRedirectUris)],
                },
            },
        };
        if (Errors.Count > 0)
        {
            return Page();
        }

        var (app, _, causes) = await apps.CreateAsync(body, activate: true, HttpContext.RequestAborted);
        if (causes.Count > 0)
        {
            AddCauses(causes.Select(Friendly));
            return Page();
        }

        var groupIds = Input.Access switch
        {
            "everyone" => await database.Groups.Where(group => group.Type == Core.Groups.GroupType.BuiltIn).Select(group => group.Id).ToListAsync(HttpContext.RequestAborted),
            "groups" => Input.GroupIds,
            _ => [],
        };
        foreach (var groupId in groupIds.Where(id => Groups.Any(group => group.Id == id)))
        {
            await apps.AssignGroupAsync(app.Id, groupId, null, HttpContext.RequestAborted);
        }

        return Redirect($"/admin/apps/{app.Id}?created=true");
    }

    /// <summary>The form's names for the API's fields.</summary>
    internal static string Friendly(string cause) => cause
        .Replace("post_logout_redirect_uris:", "Sign-out redirect URIs:", StringComparison.Ordinal)
        .Replace("redirect_uris:", "Sign-in redirect URIs:", StringComparison.Ordinal)
        .Replace("label:", "App integration name:", StringComparison.Ordinal)
        .Replace("grant_types:", "Grant type:", StringComparison.Ordinal)
        .Replace("refresh_token.rotation_type:", "Refresh token behavior:", StringComparison.Ordinal)
        .Replace("refresh_token.leeway:", "Grace period for token rotation:", StringComparison.Ordinal);

    internal static IEnumerable<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task LoadGroupsAsync() =>
        Groups = [.. (await database.Groups.AsNoTracking().OrderBy(group => group.Name).Select(group => new { group.Id, group.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(group => (group.Id, group.Name))];
}

public sealed class NewAppInput
{
    public string? Name { get; set; }

    public List<string> GrantTypes { get; set; } = [];

    public string? RedirectUris { get; set; }

    public string? SignOutRedirectUris { get; set; }

    public string Access { get; set; } = "everyone";

    public List<string> GroupIds { get; set; } = [];

    /// <summary>General tab: Okta's "Refresh token behavior" (ROTATE or STATIC); null keeps the app's.</summary>
    public string? RefreshTokenRotation { get; set; }

    /// <summary>General tab: the grace period for a rotated token, 0–60 s; null keeps the app's.</summary>
    public int? RefreshTokenLeeway { get; set; }
}

/// <summary>A grant type the console offers for an application type (Okta's rules in <see cref="AppValidator"/>).</summary>
public sealed record GrantChoice(string Value, string Name, bool Required)
{
    public static IReadOnlyList<GrantChoice> For(string type) => type switch
    {
        "service" => [new(GrantTypes.ClientCredentials, "Client Credentials", true)],
        "web" => [new(GrantTypes.AuthorizationCode, "Authorization Code", true), new(GrantTypes.RefreshToken, "Refresh Token", false),
            new(GrantTypes.ClientCredentials, "Client Credentials", false)],
        _ => [new(GrantTypes.AuthorizationCode, "Authorization Code", true), new(GrantTypes.RefreshToken, "Refresh Token", false)],
    };
}
