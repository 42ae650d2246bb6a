using TorchSharp;
var x = torch.randn(2, 1, 28, 28, requires_grad: true);
var conv = torch.nn.Conv2d(1, 4, 3);
var y = conv.forward(x).sum();
y.backward();
Console.WriteLine($"ok {y.item<float>()} {torch.get_num_threads()} {torch.cuda.is_available()}");
