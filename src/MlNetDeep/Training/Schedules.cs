namespace MlNetDeep.Training;

/// <summary>
/// The learning rate of step <c>t</c> (0-based) of <c>total</c>, as a closed form. A schedule that is
/// a pure function of the step resumes exactly from a checkpoint's step count; TorchSharp's
/// <c>lr_scheduler</c> classes keep state their API cannot save, which is why they are not used here.
/// </summary>
internal static class Schedules
{
    internal static double Rate(LearningRateSchedule schedule, double peak, long step, long total, long warmup)
    {
        total = Math.Max(1, total);
        step = Math.Clamp(step, 0, total);
        switch (schedule)
        {
            case LearningRateSchedule.Cosine:
                if (warmup > 0 && step < warmup) return peak * (step + 1) / (warmup + 1);
                double t = (double)(step - warmup) / Math.Max(1, total - warmup);
                return peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, t)));
            case LearningRateSchedule.OneCycle:
            {
                // PyTorch's OneCycleLR defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, cosine annealing.
                double start = peak / 25, end = start / 1e4;
                long up = Math.Max(1, (long)(0.3 * total) - 1), down = Math.Max(1, total - 1 - up);
                if (step <= up) return Cosine(start, peak, (double)step / up);
                return Cosine(peak, end, Math.Min(1, (double)(step - up) / down));
            }
            case LearningRateSchedule.Step:
                return peak * (step >= total * 3 / 4 ? 0.01 : step >= total / 2 ? 0.1 : 1);
            default:
                return peak;
        }
    }

    private static double Cosine(double from, double to, double fraction) => to + (from - to) / 2 * (1 + Math.Cos(Math.PI * fraction));
}
