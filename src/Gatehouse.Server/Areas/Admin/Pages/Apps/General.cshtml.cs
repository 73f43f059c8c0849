using Gatehouse.Server.Apps;
using Gatehouse.Server.ManagementApi.Apps;

using Microsoft.AspNetCore.Mvc;

namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>The app's General tab: client credentials, then the settings an admin edits (saved as <c>PUT /api/v1/apps/{id}</c> would).</summary>
internal sealed class GeneralModel(OidcAppStore store, AppService apps) : AppPageModel(store)
{
    public override string Tab => "General";

    public bool Created { get; private set; }

    public bool Saved { get; private set; }

    [BindProperty]
    public NewAppInput Input { get; set; } = new();

    public IReadOnlyList<GrantChoice> AllowedGrants => GrantChoice.For(App.ApplicationType);

    public async Task<IActionResult> OnGetAsync(string id, bool created = false, bool saved = false)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Created = created;
        Saved = saved;
        Input = new NewAppInput
        {
            Name = App.Label,
            GrantTypes = App.GrantTypes,
            RedirectUris = string.Join('\n', App.RedirectUris),
            SignOutRedirectUris = string.Join('\n', App.PostLogoutRedirectUris),
            RefreshTokenRotation = App.EffectiveRefreshToken.RotationType,
            RefreshTokenLeeway = App.EffectiveRefreshToken.Leeway,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (!await IsSuperAdminAsync() || AdminConsoleApp.IsAdminConsole(id))
        {
            return ForbidAdmin();
        }

        var service = App.ApplicationType == "service";
        var body = new AppBody
        {
            Name = AppValidator.AppName,
            Label = Input.Name,
            SignOnMode = AppValidator.SignOnMode,
            Credentials = new AppCredentialsBody
            {
                OauthClient = new OAuthClientCredentialsBody
                {
                    TokenEndpointAuthMethod = App.TokenEndpointAuthMethod,
                    PkceRequired = App.PkceRequired,
                    AutoKeyRotation = App.AutoKeyRotation,
                },
            },
            Settings = new AppSettingsBody
            {
                OauthClient = new OAuthClientSettingsBody
                {
                    ApplicationType = App.ApplicationType,
                    GrantTypes = [.. Input.GrantTypes.Distinct()],
                    ResponseTypes = [.. App.ResponseTypes],
                    RedirectUris = service ? [] : [.. NewModel.Lines(Input.RedirectUris)],
                    PostLogoutRedirectUris = service ? [] : [.. NewModel.Lines(Input.SignOutRedirectUris)],
                    ConsentMethod = App.ConsentMethod,
                    InitiateLoginUri = App.InitiateLoginUri,
                    RefreshToken = new RefreshTokenBody { RotationType = Input.RefreshTokenRotation, Leeway = Input.RefreshTokenLeeway },
                },
            },
        };
        if (await apps.ReplaceAsync(App, body, HttpContext.RequestAborted) is { Count: > 0 } causes)
        {
            AddCauses(causes.Select(NewModel.Friendly));
            return Page();
        }

        return Redirect($"/admin/apps/{id}?saved=true");
    }
}
