// The README's Spring Security recipe as a whole app: oauth2Login with the properties in application.yml,
// PKCE for this confidential client, the person's ID token claims on /account, and a sign-out that ends
// the provider session too (RP-initiated logout with the ID token as hint).
package example.billing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

@SpringBootApplication
@RestController
public class BillingApplication {

	public static void main(String[] args) {
		SpringApplication.run(BillingApplication.class, args);
	}

	@Bean
	SecurityFilterChain security(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		signedOut.setPostLogoutRedirectUri("{baseUrl}/");
		http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/").permitAll().anyRequest().authenticated())
			.oauth2Login(Customizer.withDefaults())
			.logout((logout) -> logout.logoutSuccessHandler(signedOut));
		return http.build();
	}

	// PKCE: Spring Security 6 sends it by itself only for public clients (no secret). oauth2Login uses this bean.
	// (The profile is only for the recipe runner, which starts the app once without it to see what happens.)
	@Bean
	@Profile("!without-pkce")
	OAuth2AuthorizationRequestResolver pkce(ClientRegistrationRepository registrations) {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		return resolver;
	}

	@GetMapping(path = "/", produces = "text/html")
	String home(@AuthenticationPrincipal OidcUser person) {
		String who = (person == null) ? "<p id=\"signed-out\">Not signed in. <a href=\"/account\">Sign in</a></p>"
				: "<p id=\"signed-in\">Signed in as " + htmlEscape(person.getEmail()) + ". <a href=\"/account\">Account</a></p>";
		return "<!doctype html><title>Billing</title><h1>Billing</h1>" + who;
	}

	@GetMapping(path = "/account", produces = "text/html")
	String account(@AuthenticationPrincipal OidcUser person, CsrfToken csrf) {
		// getEmail(), getFullName(), getEmailVerified(): the ID token's claims (and userinfo's, which agree).
		return "<!doctype html><title>Billing</title><h1>Billing</h1>"
				+ "<p>Signed in as <span id=\"name\">" + htmlEscape(String.valueOf(person.getFullName())) + "</span>"
				+ " (<span id=\"email\">" + htmlEscape(String.valueOf(person.getEmail())) + "</span>,"
				+ " email verified: <span id=\"email-verified\">" + person.getEmailVerified() + "</span>)</p>"
				+ "<p>ID token: <span id=\"id-token-email\">" + htmlEscape(String.valueOf(person.getIdToken().getEmail())) + "</span></p>"
				+ "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"" + csrf.getParameterName()
				+ "\" value=\"" + htmlEscape(csrf.getToken()) + "\"><button id=\"sign-out\">Sign out</button></form>";
	}
}
