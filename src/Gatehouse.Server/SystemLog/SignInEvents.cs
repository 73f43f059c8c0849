using Gatehouse.Core.Users;
using Gatehouse.Server.Hosting.Telemetry;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.SystemLog;

/// <summary>
/// The hosted sign-in page's events, with Okta's names: <c>user.session.start</c> (SUCCESS, or FAILURE with
/// <c>INVALID_CREDENTIALS</c> / <c>LOCKED_OUT</c>), <c>user.account.lock</c> when a failure locks the account, and
/// <c>user.session.end</c> at sign-out. The password typed is never part of an event; an unknown user is the actor
/// <c>unknown</c> with the login typed as alternateId, as Okta records it.
/// </summary>
public sealed class SignInEvents
{
    private static readonly Dictionary<string, string?> PasswordContext = new()
    {
        ["authenticationProvider"] = "OKTA_AUTHENTICATION_PROVIDER",
        ["credentialProvider"] = "OKTA_CREDENTIAL_PROVIDER",
        ["credentialType"] = "PASSWORD",
    };

    private readonly SystemLogRecorder _recorder;
    private readonly UserManager<GatehouseUser> _users;
    private readonly GatehouseMetrics _metrics;

    internal SignInEvents(SystemLogRecorder recorder, UserManager<GatehouseUser> users, GatehouseMetrics metrics)
    {
        _recorder = recorder;
        _users = users;
        _metrics = metrics;
    }

    /// <summary>The System Log event and the <c>gatehouse.sign_ins</c> metric: one place for both.</summary>
    public Task SucceededAsync(GatehouseUser user)
    {
        _metrics.SignInSucceeded();
        return _recorder.RecordAsync(new LogEventDraft("user.session.start", "User login to Okta", SystemLogRecorder.UserEntity(user), LogOutcome.Success)
        {
            AuthenticationContext = PasswordContext,
        });
    }

    /// <param name="lockedOut">The account was already locked: the password was not even checked.</param>
    /// <param name="lockedNow">This failure locked the account.</param>
    public async Task FailedAsync(GatehouseUser? user, string username, bool lockedOut, bool lockedNow = false)
    {
        var actor = user is null
            ? new LogEntity("unknown", "User", Truncate(username), "unknown")
            : SystemLogRecorder.UserEntity(user);
        _metrics.SignInFailed(lockedOut, lockedNow);
        await _recorder.RecordAsync(new LogEventDraft("user.session.start", "User login to Okta", actor, LogOutcome.Failure(lockedOut ? "LOCKED_OUT" : "INVALID_CREDENTIALS"))
        {
            Severity = "WARN",
            AuthenticationContext = PasswordContext,
        });
        if (lockedNow)
        {
            await _recorder.RecordAsync(new LogEventDraft("user.account.lock", "Max sign in attempts exceeded", actor, new LogOutcome("SUCCESS"))
            {
                Severity = "WARN",
                Targets = [actor],
            });
        }
    }

    /// <summary>Before the session cookie is removed: the signed-in user is still known.</summary>
    public async Task SignedOutAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var userId = session.Principal is { } principal ? _users.GetUserId(principal) : null;
        if (userId is null || await _users.FindByIdAsync(userId) is not { } user)
        {
            return;
        }

        await _recorder.RecordAsync(new LogEventDraft("user.session.end", "User logout from Okta", SystemLogRecorder.UserEntity(user), LogOutcome.Success));
    }

    /// <summary>A login field can hold anything (even a mistyped password): logins are at most 100 characters in Okta.</summary>
    private static string Truncate(string username) => username.Length > 100 ? username[..100] : username;
}
