using Gatehouse.Core.Users;
using Gatehouse.Server.Pages.ProtocolErrors;
using Gatehouse.Server.SystemLog;

using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

using OpenIddict.Server.AspNetCore;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Pages.Logout;

/// <summary>
/// RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2) after OpenIddict has validated the request: ends the SSO
/// session, then OpenIddict redirects to the registered <c>post_logout_redirect_uri</c> with <c>state</c>, or to the
/// signed-out page. A redirect needs a valid <c>id_token_hint</c> (Okta requires it), so a bare URI never redirects.
/// </summary>
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class LogoutModel(SignInManager<GatehouseUser> signIn, SignInEvents events) : PageModel
{
    public ProtocolErrorModel ProtocolError { get; private set; } = new("Sign-out error", Errors.InvalidRequest, null);

    public Task<IActionResult> OnGetAsync() => LogoutAsync();

    public Task<IActionResult> OnPostAsync() => LogoutAsync();

    private async Task<IActionResult> LogoutAsync()
    {
        if (HttpContext.GetOpenIddictServerResponse() is { } error)
        {
            return ShowError(error.Error ?? Errors.InvalidRequest, error.ErrorDescription);
        }

        if (HttpContext.GetOpenIddictServerRequest() is not { } request)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return ShowError("not_found", "Resource not found: authorization server.");
        }

        if (!string.IsNullOrEmpty(request.PostLogoutRedirectUri) && string.IsNullOrEmpty(request.IdTokenHint))
        {
            return ShowError(Errors.InvalidRequest, "The 'id_token_hint' parameter is required when 'post_logout_redirect_uri' is used.");
        }

        await events.SignedOutAsync(HttpContext);
        await signIn.SignOutAsync();
        return SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private PageResult ShowError(string error, string? description)
    {
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        ProtocolError = new ProtocolErrorModel("Sign-out error", error, description);
        return Page();
    }
}
