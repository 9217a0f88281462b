// The research taxonomy seeded into the Topic table. After seeding, topics are data: operators edit them in the
// database (or re-run the seed, which upserts by slug) without a deploy.
export interface TopicSeed {
  slug: string;
  name: string;
  description: string;
  keywords: string[];
  arxivCategories: string[];
}

export const TAXONOMY: TopicSeed[] = [
  {
    slug: "llm-inference",
    name: "LLM inference and efficiency",
    description: "Serving, decoding speed, KV caches, long context and efficient architectures for language models.",
    keywords: ["speculative decoding", "kv cache", "key-value cache", "inference efficiency", "efficient inference", "inference acceleration", "accelerate inference", "accelerating inference", "inference speedup", "llm inference", "language model inference", "llm serving", "serving", "decoding", "long context", "sparse attention", "linear attention", "prefill", "draft model", "draft tokens", "early exit", "layer skipping", "token pruning", "throughput", "latency", "memory footprint", "activation sparsity", "sparsification"],
    arxivCategories: [],
  },
  {
    slug: "quantization",
    name: "Quantization and compression",
    description: "Quantization, pruning, distillation and low-rank methods that make models smaller.",
    keywords: ["quantization", "quantized", "quantize", "int8", "int4", "4-bit", "8-bit", "bit-width", "post-training quantization", "pruning", "pruned", "model compression", "low-rank", "low rank decomposition", "distillation", "knowledge distillation", "distilling", "binarization"],
    arxivCategories: [],
  },
  {
    slug: "alignment-safety",
    name: "Alignment and safety",
    description: "RLHF, preference learning, jailbreaks, red teaming and the safety of AI systems.",
    keywords: ["alignment", "align", "aligned", "aligning", "human preferences", "rlhf", "preference optimization", "dpo", "jailbreak", "red teaming", "harmful", "safety", "unsafe", "reward model", "guardrails", "refusal", "oversensitive", "toxicity", "human feedback"],
    arxivCategories: [],
  },
  {
    slug: "reasoning",
    name: "Reasoning",
    description: "Chain-of-thought, math and logical reasoning, test-time compute.",
    keywords: ["reasoning", "chain-of-thought", "chain of thought", "mathematical reasoning", "math problems", "test-time scaling", "test-time compute", "inference-time scaling", "inference-time computation", "inference compute", "best-of-n", "repeated sampling", "logical deductions", "commonsense reasoning", "multi-step problem solving"],
    arxivCategories: [],
  },
  {
    slug: "speech-audio",
    name: "Speech and audio",
    description: "Speech recognition and synthesis, audio and music models.",
    keywords: ["speech", "audio", "text-to-speech", "tts", "asr", "speech recognition", "voice", "music", "spoken", "speaker"],
    arxivCategories: ["eess.AS", "cs.SD"],
  },
  {
    slug: "vision",
    name: "Computer vision",
    description: "Image understanding, vision-language models, segmentation and detection.",
    keywords: ["image", "vision-language", "visual", "segmentation", "object detection", "detector", "vlm", "vision transformer", "vit", "convolutional", "pose estimation", "aerial", "pixels"],
    arxivCategories: ["cs.CV"],
  },
  {
    slug: "video-3d",
    name: "Video and 3D",
    description: "Video understanding and generation, 3D reconstruction, Gaussian splatting, NeRF.",
    keywords: ["video", "3d", "gaussian splatting", "3d gaussians", "nerf", "point cloud", "mesh", "novel view synthesis", "scene generation", "indoor scenes", "egocentric", "talking head"],
    arxivCategories: ["cs.GR"],
  },
  {
    slug: "diffusion-generative",
    name: "Diffusion and generative media",
    description: "Diffusion and flow models, text-to-image and image editing.",
    keywords: ["diffusion", "diffusion model", "text-to-image", "image generation", "video generation", "video synthesis", "flow matching", "image editing", "generative adversarial", "gan", "denoising", "inpainting"],
    arxivCategories: [],
  },
  {
    slug: "robotics-agents",
    name: "Robotics and agents",
    description: "Embodied AI, robot learning, LLM agents and tool use.",
    keywords: ["robot", "robotic", "embodied", "agent", "agentic", "tool use", "manipulation", "navigation", "motion planning", "rearrangement", "vision-language-action", "uav"],
    arxivCategories: ["cs.RO", "cs.MA"],
  },
  {
    slug: "reinforcement-learning",
    name: "Reinforcement learning",
    description: "Policy optimisation, reward design and RL for language models.",
    keywords: ["reinforcement learning", "rl", "policy optimization", "policy gradient", "grpo", "ppo", "q-learning", "reward design"],
    arxivCategories: [],
  },
  {
    slug: "bayesian-probabilistic",
    name: "Bayesian and probabilistic methods",
    description: "Bayesian inference, uncertainty, probabilistic models and Monte Carlo methods.",
    keywords: ["bayesian", "uncertainty", "probabilistic", "monte carlo", "posterior", "posteriors", "variational inference", "gaussian process", "stochastic processes", "markov", "probabilistic programming", "epistemic"],
    arxivCategories: ["stat.ML"],
  },
  {
    slug: "privacy-security",
    name: "Privacy and security",
    description: "Privacy-preserving ML, encryption, attacks and defences.",
    keywords: ["privacy", "privacy-preserving", "homomorphic encryption", "encrypted", "encryption", "differential privacy", "adversarial attack", "backdoor", "security", "watermark", "model stealing", "membership inference", "data leakage", "leakage", "unlearning", "machine unlearning", "data poisoning", "intrusion detection", "ownership"],
    arxivCategories: ["cs.CR"],
  },
  {
    slug: "datasets-benchmarks",
    name: "Datasets and benchmarks",
    description: "New datasets, benchmarks and evaluation methodology.",
    keywords: ["benchmark", "dataset", "testbed", "leaderboard", "evaluation suite", "benchmark suite"],
    arxivCategories: [],
  },
  {
    slug: "systems-hardware",
    name: "Systems and hardware",
    description: "Training and serving systems, distributed training, GPUs and accelerators.",
    keywords: ["gpu", "cpu", "distributed training", "hardware", "accelerator", "kernel", "memory bandwidth", "parallelism", "pipelining", "serving system", "heterogeneous", "communication", "cluster", "dataflow", "scheduler", "scheduling", "inference engine", "inference system"],
    arxivCategories: ["cs.DC", "cs.AR"],
  },
  {
    slug: "nlp-language-models",
    name: "Language models and NLP",
    description: "Pre-training, instruction tuning, multilingual models and retrieval-augmented generation.",
    keywords: ["pre-training", "pretraining", "instruction tuning", "multilingual", "retrieval-augmented", "rag", "machine translation", "translation", "natural language inference", "natural language understanding", "scaling laws", "tokenizer", "tokenization", "prompt tuning", "prompt-tuning", "language modeling", "language modelling", "next-token prediction", "exposure bias", "hallucination", "in-context learning", "named entity", "question answering", "summarization", "pre-trained language models"],
    arxivCategories: ["cs.CL"],
  },
  {
    slug: "code-generation",
    name: "Code generation",
    description: "Models that write, repair and reason about code.",
    keywords: ["code generation", "program synthesis", "software engineering", "coding", "code llm", "code completion", "swe-bench", "programming"],
    arxivCategories: ["cs.SE"],
  },
];
