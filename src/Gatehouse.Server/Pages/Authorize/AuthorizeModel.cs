using System.Globalization;

using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Pages.ProtocolErrors;
using Gatehouse.Server.Pages.SignIn;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Primitives;

using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Pages.Authorize;

/// <summary>
/// The authorization endpoint after OpenIddict has validated the request (passthrough): decides whether the user
/// must sign in (no session, <c>prompt=login</c>, <c>max_age</c> exceeded), may sign in silently, or gets an
/// error; then issues the code through OpenIddict. Errors OpenIddict could not send back are shown here.
/// </summary>
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class AuthorizeModel(
    UserManager<GatehouseUser> users,
    AppAssignments assignments,
    IOpenIddictApplicationManager applications,
    AuthorizationPrincipalFactory principals,
    TimeProvider timeProvider) : PageModel
{
    public ProtocolErrorModel ProtocolError { get; private set; } = new("Sign-in error", Errors.InvalidRequest, null);

    public Task<IActionResult> OnGetAsync() => AuthorizeAsync();

    public Task<IActionResult> OnPostAsync() => AuthorizeAsync();

    private async Task<IActionResult> AuthorizeAsync()
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

        var issuer = HttpContext.Features.Get<OpenIddictServerAspNetCoreFeature>()!.Transaction!.GetIssuer();
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        var authTime = SessionClaims.GetAuthenticationTime(session.Principal);
        var mustSignIn = user is not { Status: UserStatus.Active } || authTime is null
            || request.HasPromptValue(PromptValues.Login)
            || (request.MaxAge is { } maxAge && timeProvider.GetUtcNow() - authTime > TimeSpan.FromSeconds(maxAge));

        if (mustSignIn)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Reject(Errors.LoginRequired, "The user is not logged in.");
            }

            return Redirect(SignInModel.PathFor(ReturnUrlAfterSignIn(request), request.LoginHint));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, HttpContext.RequestAborted);
        var appId = application is null ? null : await applications.GetIdAsync(application, HttpContext.RequestAborted);
        if (appId is null || !await assignments.IsUserAssignedAsync(appId, user!.Id, HttpContext.RequestAborted))
        {
            return Reject(Errors.AccessDenied, "User is not assigned to the client application.");
        }

        if (request.GetScopes().FirstOrDefault(scope => !AuthorizationPrincipalFactory.IsOffered(issuer, scope)) is { } unknown)
        {
            return Reject(Errors.InvalidScope, $"One or more scopes are not configured for the authorization server resource: '{unknown}'.");
        }

        var principal = await principals.CreateAsync(user!, issuer, request.GetScopes(), authTime!.Value, HttpContext.RequestAborted);
        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Back to this request after the sign-in form, without <c>prompt=login</c> (it has been honoured) and with
    /// <c>max_age=0</c> dropped (OIDC Core §3.1.2.1: it means the same as prompt=login). A POSTed request continues as GET.
    /// </summary>
    private string ReturnUrlAfterSignIn(OpenIddictRequest request)
    {
        var parameters = request.GetParameters()
            .Where(parameter => parameter.Key != Parameters.MaxAge || request.MaxAge != 0)
            .SelectMany(parameter => parameter.Key == Parameters.Prompt
                ? Prompts(request).Select(prompt => new KeyValuePair<string, string?>(parameter.Key, prompt))
                : ((StringValues)parameter.Value).Select(value => new KeyValuePair<string, string?>(parameter.Key, value)));
        return Request.PathBase + Request.Path + QueryString.Create(parameters);
    }

    private static IEnumerable<string> Prompts(OpenIddictRequest request)
    {
        var remaining = request.GetPromptValues().Remove(PromptValues.Login);
        return remaining.IsEmpty ? [] : [string.Join(' ', remaining)];
    }

    private ForbidResult Reject(string error, string description) =>
        Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private PageResult ShowError(string error, string? description)
    {
        if (Response.StatusCode == StatusCodes.Status200OK)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        ProtocolError = new ProtocolErrorModel("Sign-in error", error, description);
        return Page();
    }
}
