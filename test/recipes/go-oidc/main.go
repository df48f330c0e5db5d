// The README's go-oidc recipe as a program the recipe runner drives: it prints the authorization URL,
// reads the callback URL the browser reached on stdin, redeems the code with the PKCE verifier and
// verifies the ID token, then prints its claims. Settings come from the environment.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

func random() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func fail(step string, err error) {
	fmt.Printf("ERROR %s: %v\n", step, err)
	os.Exit(1)
}

func main() {
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, os.Getenv("ISSUER"))
	if err != nil {
		fail("discovery", err)
	}
	config := oauth2.Config{
		ClientID: os.Getenv("CLIENT_ID"), ClientSecret: os.Getenv("CLIENT_SECRET"), Endpoint: provider.Endpoint(),
		RedirectURL: os.Getenv("REDIRECT_URI"), Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}
	state, nonce, verifier := random(), random(), oauth2.GenerateVerifier()
	fmt.Printf("AUTHORIZE %s\n", config.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)))

	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil {
		fail("reading the callback URL", err)
	}
	callback, err := url.Parse(line[:len(line)-1])
	if err != nil {
		fail("callback URL", err)
	}
	if callback.Query().Get("state") != state {
		fail("callback", fmt.Errorf("state mismatch or error: %s", callback.RawQuery))
	}
	token, err := config.Exchange(ctx, callback.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		fail("token", err)
	}
	rawIDToken, _ := token.Extra("id_token").(string)
	idToken, err := provider.Verifier(&oidc.Config{ClientID: config.ClientID}).Verify(ctx, rawIDToken)
	if err != nil {
		fail("ID token", err)
	}
	if idToken.Nonce != nonce {
		fail("ID token", fmt.Errorf("nonce mismatch"))
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		fail("claims", err)
	}
	out, _ := json.Marshal(claims)
	fmt.Printf("CLAIMS %s\n", out)
}
