using System.Text.Json.Serialization;

namespace AlexNetMl.Contract.Model;

/// <summary>The networks <c>--model</c> chooses from: the book's AlexNet and LeNet, and the chapter's exercises.</summary>
public enum ModelKind
{
    /// <summary>The book's AlexNet on 224×224 inputs (the default).</summary>
    [JsonStringEnumMemberName("alexnet")]
    AlexNet,

    /// <summary>Exercise 4a: AlexNet's shape with narrower layers, still on 224×224 inputs.</summary>
    [JsonStringEnumMemberName("alexnet-small")]
    AlexNetSmall,

    /// <summary>Exercise 4b: an AlexNet-style network on the raw 28×28 image.</summary>
    [JsonStringEnumMemberName("alexnet-28")]
    AlexNet28,

    /// <summary>The book's LeNet-5: sigmoid and average pooling, 28×28 inputs.</summary>
    [JsonStringEnumMemberName("lenet")]
    LeNet,

    /// <summary>Exercise 6: LeNet-5 with ReLU and dropout.</summary>
    [JsonStringEnumMemberName("lenet-relu-dropout")]
    LeNetReluDropout,
}
