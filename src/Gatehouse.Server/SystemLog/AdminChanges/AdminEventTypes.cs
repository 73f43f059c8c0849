namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// Okta's event type for each mutating <c>/api/v1</c> route, keyed by method and the route's <see cref="RouteShape"/>
/// (<c>/groups/{}/users/{}</c>), so routes match whatever their parameters are called, including routes added later.
/// Names from Okta's System Log API and event types catalog; a route missing here still gets <see cref="Generic"/>.
/// </summary>
internal static class AdminEventTypes
{
    public const string Generic = "gatehouse.api.change";

    /// <summary>Okta: the first DELETE of a user deactivates it, a second deletes it; the filter picks by the result.</summary>
    public const string UserDelete = "user.lifecycle.delete.initiated";

    private static readonly Dictionary<string, (string EventType, string Message)> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /users"] = ("user.lifecycle.create", "Create Okta user"),
        ["POST /users/{}"] = ("user.account.update_profile", "Update user profile for Okta"),
        ["PUT /users/{}"] = ("user.account.update_profile", "Update user profile for Okta"),
        ["DELETE /users/{}"] = ("user.lifecycle.deactivate", "Deactivate Okta user"),
        ["POST /users/{}/lifecycle/activate"] = ("user.lifecycle.activate", "Activate Okta user"),
        ["POST /users/{}/lifecycle/reactivate"] = ("user.lifecycle.reactivate", "Reactivate Okta user"),
        ["POST /users/{}/lifecycle/deactivate"] = ("user.lifecycle.deactivate", "Deactivate Okta user"),
        ["POST /users/{}/lifecycle/suspend"] = ("user.lifecycle.suspend", "Suspend Okta user"),
        ["POST /users/{}/lifecycle/unsuspend"] = ("user.lifecycle.unsuspend", "Unsuspend Okta user"),
        // An admin's unlock is a distinct event in Okta's catalog from a self-service or automatic unlock.
        ["POST /users/{}/lifecycle/unlock"] = ("user.account.unlock_by_admin", "Unlock user account by admin"),
        ["POST /users/{}/lifecycle/expire_password"] = ("user.account.expire_password", "Expire user password"),
        ["POST /users/{}/lifecycle/expire_password_with_temp_password"] = ("user.account.expire_password", "Expire user password"),
        ["POST /users/{}/lifecycle/reset_password"] = ("user.account.reset_password", "Reset user password"),
        ["POST /users/{}/credentials/change_password"] = ("user.account.update_password", "Update user password"),
        ["POST /users/{}/credentials/forgot_password"] = ("user.account.reset_password", "Reset user password"),
        ["DELETE /users/{}/sessions"] = ("user.session.clear", "Clear user session"),
        ["POST /groups"] = ("group.lifecycle.create", "Create Okta group"),
        ["PUT /groups/{}"] = ("group.profile.update", "Update group profile"),
        ["DELETE /groups/{}"] = ("group.lifecycle.delete", "Delete Okta group"),
        ["PUT /groups/{}/users/{}"] = ("group.user_membership.add", "Add user to group membership"),
        ["DELETE /groups/{}/users/{}"] = ("group.user_membership.remove", "Remove user from group membership"),
        ["POST /apps"] = ("application.lifecycle.create", "Add application"),
        ["PUT /apps/{}"] = ("application.lifecycle.update", "Update application"),
        ["POST /apps/{}"] = ("application.lifecycle.update", "Update application"),
        ["DELETE /apps/{}"] = ("application.lifecycle.delete", "Delete application"),
        ["POST /apps/{}/lifecycle/activate"] = ("application.lifecycle.activate", "Activate application"),
        ["POST /apps/{}/lifecycle/deactivate"] = ("application.lifecycle.deactivate", "Deactivate application"),
        ["PUT /apps/{}/groups/{}"] = ("group.application_assignment.add", "Add assigned application to group"),
        ["DELETE /apps/{}/groups/{}"] = ("group.application_assignment.remove", "Remove assigned application from group"),
        ["POST /apps/{}/users"] = ("application.user_membership.add", "Add user to application membership"),
        ["PUT /apps/{}/users/{}"] = ("application.user_membership.add", "Add user to application membership"),
        ["POST /apps/{}/users/{}"] = ("application.user_membership.update", "Update user's application membership"),
        ["DELETE /apps/{}/users/{}"] = ("application.user_membership.remove", "Remove user's application membership"),
        ["POST /apps/{}/credentials/secrets"] = ("app.oauth2.credentials.lifecycle.create", "Create client secret"),
        ["POST /apps/{}/credentials/secrets/{}/lifecycle/activate"] = ("app.oauth2.credentials.lifecycle.activate", "Activate client secret"),
        ["POST /apps/{}/credentials/secrets/{}/lifecycle/deactivate"] = ("app.oauth2.credentials.lifecycle.deactivate", "Deactivate client secret"),
        ["DELETE /apps/{}/credentials/secrets/{}"] = ("app.oauth2.credentials.lifecycle.delete", "Delete client secret"),
        ["PUT /authorizationServers/{}"] = ("app.oauth2.as.lifecycle.update", "Update authorization server"),
        ["POST /authorizationServers/{}/policies"] = ("policy.lifecycle.create", "Create policy"),
        ["PUT /authorizationServers/{}/policies/{}"] = ("policy.lifecycle.update", "Update policy"),
        ["DELETE /authorizationServers/{}/policies/{}"] = ("policy.lifecycle.delete", "Delete policy"),
        ["POST /authorizationServers/{}/policies/{}/lifecycle/activate"] = ("policy.lifecycle.activate", "Activate policy"),
        ["POST /authorizationServers/{}/policies/{}/lifecycle/deactivate"] = ("policy.lifecycle.deactivate", "Deactivate policy"),
        ["POST /authorizationServers/{}/policies/{}/rules"] = ("policy.rule.add", "Add policy rule"),
        ["PUT /authorizationServers/{}/policies/{}/rules/{}"] = ("policy.rule.update", "Update policy rule"),
        ["DELETE /authorizationServers/{}/policies/{}/rules/{}"] = ("policy.rule.delete", "Delete policy rule"),
        ["POST /authorizationServers/{}/policies/{}/rules/{}/lifecycle/activate"] = ("policy.rule.activate", "Activate policy rule"),
        ["POST /authorizationServers/{}/policies/{}/rules/{}/lifecycle/deactivate"] = ("policy.rule.deactivate", "Deactivate policy rule"),
        ["POST /trustedOrigins"] = ("security.trusted_origin.create", "Create trusted origin"),
        ["PUT /trustedOrigins/{}"] = ("security.trusted_origin.update", "Update trusted origin"),
        ["DELETE /trustedOrigins/{}"] = ("security.trusted_origin.delete", "Delete trusted origin"),
        ["POST /trustedOrigins/{}/lifecycle/activate"] = ("security.trusted_origin.activate", "Activate trusted origin"),
        ["POST /trustedOrigins/{}/lifecycle/deactivate"] = ("security.trusted_origin.deactivate", "Deactivate trusted origin"),
        ["POST /api-tokens"] = ("system.api_token.create", "Create API token"),
        ["DELETE /api-tokens/{}"] = ("system.api_token.revoke", "Revoke API token"),
        ["DELETE /api-tokens/current"] = ("system.api_token.revoke", "Revoke API token"),
    };

    public static (string EventType, string Message) For(string method, string normalizedTemplate) =>
        Table.TryGetValue($"{method} {normalizedTemplate}", out var known)
            ? known
            : (Generic, $"{method} /api/v1{normalizedTemplate}");
}
