using TorchSharp;
using System.Diagnostics;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Training;

/// <summary>Measures training throughput with a few steps on random data, to estimate the cost of a run before starting it.</summary>
public static class ThroughputProbe
{
    /// <summary>Images/s of fp32 training steps (forward, backward, SGD step) at <paramref name="batchSize"/>; one warm-up step is not timed.</summary>
    public static double MeasureTrainingImagesPerSecond(int batchSize, Device device, int timedSteps = 1)
    {
        using var model = new AlexNet().to(device);
        using var optimizer = optim.SGD(model.parameters(), 0.01);
        double seconds = 0;
        for (int step = 0; step <= timedSteps; step++)
        {
            using var scope = NewDisposeScope();
            Tensor images = rand(batchSize, 1, AlexNet.InputSide, AlexNet.InputSide, device: device);
            Tensor labels = randint(0, 10, [batchSize], device: device);
            var watch = Stopwatch.StartNew();
            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
            if (step > 0)
            {
                seconds += watch.Elapsed.TotalSeconds;
            }
        }

        return batchSize * timedSteps / seconds;
    }
}
