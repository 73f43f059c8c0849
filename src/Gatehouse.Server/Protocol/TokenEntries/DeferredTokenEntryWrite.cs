namespace Gatehouse.Server.Protocol.TokenEntries;

/// <summary>
/// Per request: the type of the token whose entry OpenIddict is about to create and will, in the same token
/// generation, update with its payload and hashed reference id (<see cref="DeferReferenceTokenEntryWrite"/>). The
/// store adds that entry without saving, so the payload's update becomes the entry's single INSERT.
/// </summary>
internal sealed class DeferredTokenEntryWrite
{
    private string? _armedType;

    public void Arm(string tokenType) => _armedType = tokenType;

    public void Disarm() => _armedType = null;

    /// <summary>True once, for the entry of the armed type.</summary>
    public bool TryTake(string? tokenType)
    {
        if (_armedType is null || !string.Equals(_armedType, tokenType, StringComparison.Ordinal))
        {
            return false;
        }

        _armedType = null;
        return true;
    }
}
