using System.Runtime.InteropServices;

namespace MlNetDeep.Classical.Xgb;

/// <summary>Owns one XGBoost object (a DMatrix or a Booster) and frees it with the matching C API call.</summary>
internal sealed class XgbHandle(Func<IntPtr, int> free) : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => free(handle) == 0;

    internal void Set(IntPtr h) => SetHandle(h);
}
