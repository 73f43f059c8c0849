using OpenIddict.Abstractions;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// OpenIddict validates applications once more when they are stored. <see cref="AppValidator"/> should have caught
/// everything first; anything left is still the caller's input, so it is E0000001, never a 500.
/// </summary>
internal static class OpenIddictValidation
{
    public static async Task<IResult?> RunAsync(Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            return ManagementErrors.Validation("settings", exception.Results.Select(result => "settings: " + result.ErrorMessage));
        }
    }
}
