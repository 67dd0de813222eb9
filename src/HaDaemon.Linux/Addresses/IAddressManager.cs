using HaDaemon.Linux.Results;

namespace HaDaemon.Linux.Addresses;

/// <summary>
/// Adds and deletes addresses. An add of an address already present answers <see cref="ChangeOutcome.AlreadyInState"/>
/// (EEXIST), as does a delete of an address that is not there (EADDRNOTAVAIL); neither is an error.
/// </summary>
public interface IAddressManager
{
    PlatformResult Add(AddressSpec spec);

    PlatformResult Delete(AddressSpec spec);

    /// <summary>Adds many addresses in as few kernel round trips as possible; one result per spec, in order.</summary>
    IReadOnlyList<PlatformResult> AddMany(IReadOnlyList<AddressSpec> specs);

    IReadOnlyList<PlatformResult> DeleteMany(IReadOnlyList<AddressSpec> specs);

    /// <summary>Adds or replaces (NLM_F_REPLACE): renews the lifetimes of an address that is already there.</summary>
    PlatformResult Refresh(AddressSpec spec);
}
